package io.pastiche.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.ImageFormatException;
import io.pastiche.LoadOptions;
import io.pastiche.testkit.ImageBytes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged and hostile images: a truncated file is an error, not a picture half filled with grey, and a size
 * beyond the limit is refused from the header, before anything is decoded.
 */
class ImageDamageTest {

    @TempDir
    Path dir;

    /** A photo-like image: noise, so that every part of the file carries pixels. */
    private static byte[] encoded(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(5);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpg", "png"})
    void theFirstHalfOfAnImageIsTruncatedNotAPicture(String format) throws IOException {
        byte[] whole = encoded(format, 96, 64);
        Path half = Files.write(dir.resolve("half." + format), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> ImageFiles.read(half))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining(half.toString())
                .hasMessageContaining("truncated or damaged");
        assertThatThrownBy(() -> ImageFiles.read(Arrays.copyOf(whole, whole.length / 2), "half", 1_000_000))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("half is truncated or damaged");
    }

    @Test
    void bytesReadAsTheFileDoes() throws IOException {
        byte[] png = encoded("png", 12, 9);
        BufferedImage fromBytes = ImageFiles.read(png, "memory", 1000);
        BufferedImage fromFile = ImageFiles.read(Files.write(dir.resolve("a.png"), png));
        assertThat(fromBytes.getWidth()).isEqualTo(12);
        assertThat(fromBytes.getRGB(5, 5)).isEqualTo(fromFile.getRGB(5, 5));
        assertThatThrownBy(() -> ImageFiles.read("not an image".getBytes(StandardCharsets.US_ASCII), "text", 1000))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("text is not an image");
    }

    @Test
    void aSizeAboveTheLimitIsRefusedFromTheHeaderWithoutDecoding() throws IOException {
        Path big = Files.write(dir.resolve("big.png"), ImageBytes.hugePng(20_000, 20_000));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> ImageFiles.read(big, LoadOptions.DEFAULT_MAX_PIXELS))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("20000x20000")
                .hasMessageContaining("400000000 pixels")
                .hasMessageContaining("limit of " + LoadOptions.DEFAULT_MAX_PIXELS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Decoding would allocate 1.2 GB for the pixels alone; the header costs a few megabytes at most.
        assertThat(allocated).as("bytes allocated").isLessThan(32L << 20);
    }

    @Test
    void aSizeWithinTheLimitIsDecodedAndItsTruncationReported() {
        assertThatThrownBy(() -> ImageFiles.read(ImageBytes.hugePng(300, 200), "short.png", 1_000_000))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("truncated or damaged");
    }

    /**
     * Found by fuzzing: JPEGs of a few hundred bytes whose ICC profile header claims 1.5 GB; the JPEG plug-in
     * allocated that much before finding the data missing (an OutOfMemoryError with a smaller heap). In the
     * second, garbage bytes stand between the first segment and the profile's, which the plug-in skips.
     */
    @ParameterizedTest
    @CsvSource({"crash-00b1d0ac604a993c268097cea8128d940b774328, 1548049756",
        "crash-2529665ce441f8569398b1bd0afe361c262043ea, 1679828272"})
    void anIccProfileClaimingMoreBytesThanTheFileHoldsIsRefusedWithoutAllocatingThem(String input, long claimed)
            throws IOException {
        byte[] jpeg;
        try (var in = getClass().getResourceAsStream("ImageFilesFuzzTestInputs/image/" + input)) {
            jpeg = in.readAllBytes();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> ImageFiles.read(jpeg, "icc.jpg", 1_000_000))
                .isInstanceOf(ImageFormatException.class)
                .hasMessageContaining("icc.jpg is damaged: its ICC profile says it is " + claimed + " bytes");
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated").isLessThan(32L << 20);
    }

    /**
     * Found by fuzzing: truncated lossless WebPs of 46 to 76 bytes. The WebP plug-in carries on past the end of
     * the data with zeros; the first kept it decoding Huffman tables for longer than the fuzzer waited (over 8
     * minutes), the others took seconds and gave a picture of zeros.
     */
    @ParameterizedTest
    @ValueSource(strings = {"timeout-372f3e3a7808e95a8b52b0cc5221652c0d33eb43",
        "slow-unit-45cb74edb863278c256a38b77280df02f1bf0f9c", "slow-unit-da428fb3fa0801a5320d1529ff562879a04bae67"})
    void aDecoderReadingOnPastTheEndIsStoppedAndTheImageReportedTruncated(String input) throws IOException {
        byte[] webp;
        try (var in = getClass().getResourceAsStream("ImageFilesFuzzTestInputs/image/" + input)) {
            webp = in.readAllBytes();
        }
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () ->
                assertThatThrownBy(() -> ImageFiles.read(webp, "cut.webp", 1_000_000))
                        .isInstanceOf(ImageFormatException.class)
                        .hasMessageContaining("cut.webp is truncated or damaged"));
    }
}
