package io.pastiche.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A backend closes the handles still open when it closes, once; closed handles are forgotten. */
class OpenHandlesTest {

    private final OpenHandles handles = new OpenHandles("test backend");

    /** Tells its owner when closed, as the backends' networks and graphs do; counts its closes. */
    private static final class Handle implements AutoCloseable {
        private final Consumer<Handle> onClose;
        int closes;

        Handle(Consumer<Handle> onClose) {
            this.onClose = onClose;
        }

        @Override
        public void close() {
            closes++;
            onClose.accept(this);
        }
    }

    @Test
    void closingTheBackendClosesWhatIsStillOpenOnce() {
        Handle closedBefore = handles.add(new Handle(handles::remove));
        Handle open = handles.add(new Handle(handles::remove));
        closedBefore.close();

        assertThat(handles.closeAll()).isTrue();
        assertThat(handles.closeAll()).isFalse();
        assertThat(closedBefore.closes).isEqualTo(1);
        assertThat(open.closes).isEqualTo(1);
    }

    @Test
    void aClosedBackendRefusesNewWorkByName() {
        assertThatCode(handles::checkOpen).doesNotThrowAnyException();
        handles.closeAll();

        assertThatThrownBy(handles::checkOpen).isInstanceOf(IllegalStateException.class)
                .hasMessage("this test backend is closed");
    }

    @Test
    void aFailingHandleIsNamed() {
        AutoCloseable failing = new AutoCloseable() {
            @Override
            public void close() throws Exception {
                throw new Exception("native error");
            }

            @Override
            public String toString() {
                return "failing handle";
            }
        };
        handles.add(failing);

        assertThatThrownBy(handles::closeAll).isInstanceOf(IllegalStateException.class)
                .hasMessage("could not close failing handle").hasRootCauseMessage("native error");
        assertThat(handles.closeAll()).isFalse();
    }
}
