package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
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
    void strengthOutsideZeroToOne() {
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--style", "0", "--strength", "1.5").err())
                .contains("--strength is from 0 (the photo) to 1 (the pastiche), was 1.5");
    }

    @Test
    void brushScaleBelowOne() {
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--style", "0", "--brush-scale", "0.5").err())
                .contains("--brush-scale is at least 1");
    }

    @Test
    void serveRefusesSettingsOutOfRangeBeforeLoadingAnything() {
        assertThat(usageError("serve", "--port", "70000").err()).contains("a port is from 0 (any free one) to 65535");
        assertThat(usageError("serve", "--workers", "0").err()).contains("at least 1 worker");
        assertThat(usageError("serve", "--timeout", "0").err()).contains("the request timeout must be positive");
        assertThat(usageError("serve", "--max-upload", "lots").err()).contains("--max-upload");
    }

    @Test
    void masksNeedRegionsAndReplaceStyles() {
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--region", "#ff0000=monet").err())
                .contains("--region applies only with --mask");
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mask", "r.png").err())
                .contains("--mask needs a --region for each colour");
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--style", "0", "--mask", "r.png",
                "--region", "#ff0000=monet").err()).contains("drop --style/--mix");
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mask", "r.png", "--region",
                "#ff0000=monet", "--region", "#FF0000=starry_night").err()).contains("names the colour #ff0000 twice");
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mask", "r.png", "--region", "red=monet")
                .err()).contains("does not start with a colour #RRGGBB");
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mask", "r.png", "--region", "#ff0000=")
                .err()).contains("names no style for #ff0000");
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--style", "0", "--feather", "3").err())
                .contains("--feather applies only with --mask");
    }

    @Test
    void neitherStyleNorMix() {
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors").err()).contains("--style", "--mix", "--mask");
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
    void everyMalformedMixIsAUsageError() {
        for (String mix : new String[] {",", ",,", "a=1,", ",a=1", "a=1,,b=1", "=", "a=", "a==1", "a=1=2",
                "a=0x1p3", "a=1f", "a=1d", "a= ", " =1"}) {
            assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mix", mix).err()).as(mix)
                    .contains("--mix").doesNotContain("unexpected");
        }
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mix", "").err()).contains("--mix");
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--mix", "a=1,b=-1", "--normalize").err())
                .contains("sum");
    }

    @Test
    void anOutputInAnImageFormatPasticheCannotWrite() {
        assertThat(usageError("stylize", "x.jpg", "--style", "0", "-o", "out.webp").err())
                .contains("out.webp", ".png", ".jpg");
    }

    @Test
    void normalizeWithoutMix() {
        assertThat(usageError("stylize", "x.jpg", "-m", "m.safetensors", "--style", "0", "--normalize").err())
                .contains("--normalize");
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
        assertThat(usageError("create", "--styles", "a".repeat(65), "-o", "m.safetensors").err())
                .contains("65 characters, more than 64");
    }

    private static final Object[] TRAIN = {"train", "--styles", "paintings/", "--photos", "photos/", "--vgg",
            "vgg19.safetensors", "-o", "m.safetensors"};

    private static Object[] train(Object... more) {
        Object[] args = Arrays.copyOf(TRAIN, TRAIN.length + more.length);
        System.arraycopy(more, 0, args, TRAIN.length, more.length);
        return args;
    }

    @Test
    void trainNeedsPaintingsPhotosVggAndOutput() {
        assertThat(usageError("train", "--photos", "p/", "--vgg", "v", "-o", "m").err()).contains("--styles");
        assertThat(usageError("train", "--styles", "s/", "--vgg", "v", "-o", "m").err()).contains("--photos");
        assertThat(usageError("train", "--styles", "s/", "--photos", "p/", "-o", "m").err()).contains("--vgg");
        assertThat(usageError("train", "--styles", "s/", "--photos", "p/", "--vgg", "v").err()).contains("--output");
    }

    @Test
    void trainNumbersOutOfRange() {
        assertThat(usageError(train("--steps", "0")).err()).contains("--steps must be at least 1");
        assertThat(usageError(train("--batch", "0")).err()).contains("--batch");
        assertThat(usageError(train("--crop", "8")).err()).contains("--crop must be at least 16");
        assertThat(usageError(train("--lr", "0")).err()).contains("--lr");
        assertThat(usageError(train("--lr", "fast")).err()).contains("--lr", "fast");
        assertThat(usageError(train("--style-size", "-1")).err()).contains("--style-size");
        assertThat(usageError(train("--checkpoint-every", "0")).err()).contains("--checkpoint-every");
        assertThat(usageError(train("--sample-every", "-5")).err()).contains("--sample-every");
        assertThat(usageError(train("--explosion-factor", "1")).err()).contains("--explosion-factor");
        assertThat(usageError(train("--alpha", "0")).err()).contains("--alpha");
        assertThat(usageError(train("--alpha", "17")).err()).contains("--alpha");
        // An option of an option group given twice: named, as for any other option.
        assertThat(usageError(train("--steps", "5", "--crop", "32", "--steps=7")).err())
                .contains("option '--steps' should be specified only once");
    }

    @Test
    void trainLossOptions() {
        assertThat(usageError(train("--style-weight", "-1")).err()).contains("--style-weight");
        assertThat(usageError(train("--content-weight", "NaN")).err()).contains("--content-weight");
        assertThat(usageError(train("--tv-weight", "Infinity")).err()).contains("--tv-weight");
        assertThat(usageError(train("--style-layers", "relu1_1=lots")).err()).contains("relu1_1=lots", "number");
        assertThat(usageError(train("--style-layers", "relu1_1,relu1_1")).err()).contains("relu1_1 twice");
        assertThat(usageError(train("--pooling", "median")).err()).contains("--pooling", "avg", "max");
        assertThat(usageError(train("--vgg-arch", "vgg11")).err()).contains("vgg19", "vgg16");
    }

    @Test
    void trainStyleNames() {
        assertThat(usageError(train("--names", "a,a")).err()).contains("twice");
        assertThat(usageError(train("--names", "a,7")).err()).contains("number");
    }

    @Test
    void helpAndVersionAreNotErrors() {
        Cli.Result help = Cli.run("stylize", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--max-size", "--mix", "--force", "Examples:",
                "starry_night=0.7,the_scream=0.3").doesNotContain("monet");
        Cli.Result version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("pastiche ").doesNotContain("${project.version}");
        assertThat(Cli.run("help", "create").out()).contains("texture");
        Cli.Result train = Cli.run("train", "--help");
        assertThat(train.exitCode()).isZero();
        assertThat(train.out()).contains("--resume", "--style-layers", "--checkpoint-every", "Examples:", "130");
        assertThat(Cli.run("add-style", "--help").out()).contains("--model", "gamma/beta");
    }

    @Test
    void anUnknownDevice() {
        assertThat(usageError("stylize", "x.jpg", "--style", "0", "--device", "tpu").err())
                .contains("'tpu' is not a device; use cpu, gpu or auto");
    }
}
