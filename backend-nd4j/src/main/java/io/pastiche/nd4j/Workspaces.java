package io.pastiche.nd4j;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J workspaces for the arrays of a call. Closing an ND4J array does not free its memory in 1.0.0-M2.1
 * (measured: the resident size grew by each closed array's size until the garbage collector ran, which it rarely
 * does, since ND4J's arrays hardly use the Java heap); a workspace is a block of native memory that arrays are
 * carved from and that is reused, whole, by the next call. Workspaces belong to a thread: each thread that runs
 * the backend keeps its own, sized by the largest call it made (the first call learns the size, a larger one
 * grows it), until the thread ends.
 */
final class Workspaces {

    /** Every array of a call that outlives one layer: the input, layer outputs, CIN values, training's tape. */
    static final String CALL = "pastiche-call";
    /** One layer's temporaries during inference (the upsampled and padded input), reused by every layer. */
    static final String LAYER = "pastiche-layer";

    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();

    private Workspaces() {
    }

    /** Opens the calling thread's workspace {@code id}; arrays made until it is closed live in it. */
    static MemoryWorkspace open(String id) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, id);
    }
}
