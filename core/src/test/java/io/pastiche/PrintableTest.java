package io.pastiche;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void escapesWhatWouldDriveATerminal() {
        assertThat(Printable.escaped("starry\u001b]0;owned\u0007night")).isEqualTo("starry\\u001b]0;owned\\u0007night");
        assertThat(Printable.escaped("a\u009bb\u007fc\rd\ne")).isEqualTo("a\\u009bb\\u007fc\\u000dd\\u000ae");
        assertThat(Printable.escaped("abc\u202edcba")).isEqualTo("abc\\u202edcba");
    }

    @Test
    void aMessageOfSeveralLinesKeepsItsLineFeedsOnly() {
        assertThat(Printable.escapedKeepingLines("one\ntwo\u001b[2J\r")).isEqualTo("one\ntwo\\u001b[2J\\u000d");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String text = "Claude Monet, Femme à l'ombrelle (1875) — 睡蓮";
        assertThat(Printable.escaped(text)).isSameAs(text);
        assertThat(Printable.escaped(null)).isNull();
    }
}
