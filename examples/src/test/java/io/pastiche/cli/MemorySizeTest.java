package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class MemorySizeTest {

    private final MemorySize size = new MemorySize();

    @Test
    void readsSizesAsTheJvmWritesThem() {
        assertThat(size.convert("2g")).isEqualTo(2L << 30);
        assertThat(size.convert("512M")).isEqualTo(512L << 20);
        assertThat(size.convert("800000k")).isEqualTo(800_000L << 10);
        assertThat(size.convert("1gb")).isEqualTo(1L << 30);
        assertThat(size.convert("4096")).isEqualTo(4096L);
    }

    @Test
    void refusesWhatIsNotASize() {
        for (String bad : new String[] {"", "g", "-1g", "2.5g", "2 x", "0", "99999999999t"}) {
            assertThatThrownBy(() -> size.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("memory size");
        }
    }
}
