package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void escapesControlCharactersThatWouldReachTheTerminal() {
        assertThat(Printable.of("starry\u001b]0;owned\u0007night")).isEqualTo("starry\\u001b]0;owned\\u0007night");
        assertThat(Printable.of("a\u009bb\u007fc\rd\ne")).isEqualTo("a\\u009bb\\u007fc\\u000dd\\u000ae");
        assertThat(Printable.of("abc\u202edcba")).isEqualTo("abc\\u202edcba");
        assertThat(Printable.keepingLines("one\ntwo\u001b[2J")).isEqualTo("one\ntwo\\u001b[2J");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "Claude Monet, Femme à l'ombrelle (1875) — 睡蓮";
        assertThat(Printable.of(text)).isSameAs(text);
    }
}
