package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void printsEachNumberExactlyAndShortly() {
        assertThat(Numbers.exact(1e30)).isEqualTo("1e30");
        assertThat(Numbers.exact(0.0625)).isEqualTo("0.0625");
        assertThat(Numbers.exact(0.062)).isEqualTo("0.062");
        assertThat(Numbers.exact(0.001)).isEqualTo("0.001");
        assertThat(Numbers.exact(1e-4)).isEqualTo("0.0001");
        assertThat(Numbers.exact(2.5e-7)).isEqualTo("2.5e-7");
        assertThat(Numbers.exact(1000)).isEqualTo("1000");
        assertThat(Numbers.exact(1e9)).isEqualTo("1e9");
        assertThat(Numbers.exact(-0.7)).isEqualTo("-0.7");
        assertThat(Numbers.exact(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(Numbers.exact(3)).isEqualTo("3");
        assertThat(Numbers.exact(0)).isEqualTo("0");
        assertThat(Numbers.exact(1.0 / 3)).isEqualTo("0.3333333333333333");
    }

    @Test
    void whatIsPrintedReadsBackAsTheSameNumber() {
        for (double value : new double[] {1e30, 1e-300, 0.0625, 123456.789, 4.9e-324, Double.MAX_VALUE, -3e-9}) {
            assertThat(Double.parseDouble(Numbers.exact(value))).isEqualTo(value);
        }
    }
}
