package io.pastiche.djl;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One root manager on the engine per test class, for tests of single operations: opened before the class's tests
 * (the first opens the engine, through the backend with its settings), closed after them with every array made on it.
 * Use as {@code @RegisterExtension static final EngineManager ENGINE = new EngineManager();}.
 */
final class EngineManager implements BeforeAllCallback, AfterAllCallback {

    private NDManager manager;

    @Override
    public void beforeAll(ExtensionContext context) {
        manager = EngineArrays.manager();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        manager.close();
    }

    /** The class's manager; valid while its tests run. */
    NDManager manager() {
        return manager;
    }
}
