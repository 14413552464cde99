package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Mistakes in the command line itself: exit code 2, a message and a pointer to the help, no stack trace. */
class UsageErrorTest {

    private static Cli.Result usageError(Object... args) {
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).startsWith("error: ").contains("--help' for usage")
                .doesNotContain("\tat ");
        return result;
    }

    @Test
    void noCommand() {
        assertThat(usageError().err()).contains("stylize");
    }

    @Test
    void noInputs() {
        assertThat(usageError("stylize", "-m", "m.safetensors", "--style", "0").err()).contains("INPUT");
    }

    @Test
    void bothStyleAndMix() {
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--style", "0", "--mix", "0=1").err())
                .contains("mutually exclusive");
    }

    @Test
    void neitherStyleNorMix() {
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors").err()).contains("STYLE", "--mix");
    }

    @Test
    void badMixSyntax() {
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mix", "monet:0.3").err())
                .contains("STYLE=WEIGHT");
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mix", "monet=lots").err())
                .contains("not a number");
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mix", "a=0.5,a=0.5").err())
                .contains("twice");
    }

    @Test
    void normalizeWithoutMix() {
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--style", "0", "--normalize").err())
                .contains("--normalize");
    }

    @Test
    void missingModelOption() {
        assertThat(usageError("stylize", "x.jpg", "--style", "0").err()).contains("--model");
    }

    @Test
    void unknownOptionAndCommandSuggestions() {
        usageError("stylize", "x.jpg", "-m", "m", "--style", "0", "--colour");
        assertThat(usageError("stylise", "x.jpg").err()).contains("Did you mean");
    }

    @Test
    void badNumbers() {
        usageError("stylize", "x.jpg", "-m", "m", "--style", "0", "--max-size", "big");
        usageError("stylize", "x.jpg", "-m", "m", "--style", "0", "--max-size", "0");
        usageError("stylize", "x.jpg", "-m", "m", "--style", "0", "--format", "gif");
        usageError("create", "--styles", "a", "--alpha", "0", "-o", "m.safetensors");
    }

    @Test
    void badStyleNamesForCreate() {
        assertThat(usageError("create", "--styles", "a,a", "-o", "m.safetensors").err()).contains("twice");
        assertThat(usageError("create", "--styles", "a,7", "-o", "m.safetensors").err()).contains("number");
        assertThat(usageError("create", "--styles", "a=b", "-o", "m.safetensors").err()).contains("letters");
    }

    @Test
    void helpAndVersionAreNotErrors() {
        Cli.Result help = Cli.run("stylize", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--max-size", "--mix", "Examples:");
        Cli.Result version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("pastiche ").doesNotContain("${project.version}");
        assertThat(Cli.run("help", "create").out()).contains("texture");
    }
}
