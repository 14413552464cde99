package io.pastiche.image;

import io.pastiche.ImageFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.awt.Dimension;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one image from a stream, refusing before decoding what would not fit ({@code maxPixels}, from the
 * header alone), and after decoding what the decoder only warned about: a JPEG decoder fills the missing part of
 * a truncated file with grey and merely warns, which would turn a damaged file into a wrong picture.
 */
final class ImageDecoding {

    /** The formats javax.imageio reads with the plug-ins core brings, for messages. */
    static final String FORMATS = "JPEG, PNG, BMP, GIF, WBMP, WebP, TIFF";

    private ImageDecoding() {
    }

    /**
     * The first image of the stream, in sRGB or grey of a standard type ({@link ImageColours}), not yet turned
     * upright.
     *
     * @param name how messages name the image
     * @throws ImageFormatException if it is not an image, is larger than {@code maxPixels}, truncated or damaged
     */
    static BufferedImage decode(ImageInputStream stream, String name, long maxPixels) {
        ImageInputStream input;
        try {
            input = stream == null ? null : new EndLimitedStream(stream);
        } catch (IOException e) {
            throw new ImageFormatException(name + " cannot be read (" + describe(e) + ")", e);
        }
        Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
        if (readers == null || !readers.hasNext()) {
            throw new ImageFormatException(name + " is not an image that can be read here (" + FORMATS
                    + "); convert it to PNG or JPEG");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(input, true, true);
            checkSize(reader, name, maxPixels);
            if (reader.getFormatName().equalsIgnoreCase("jpeg")) {
                JpegIccCheck.check(input, name);
            }
            Warnings warnings = new Warnings();
            reader.addIIOReadWarningListener(warnings);
            BufferedImage image = reader.read(0);
            if (warnings.damage != null) {
                throw new ImageFormatException(name + " is truncated or damaged (" + warnings.damage
                        + "); copy it again or re-export it");
            }
            return ImageColours.toStandard(image);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageFormatException format) {
                throw format;
            }
            throw new ImageFormatException(name + " is truncated or damaged (" + describe(e)
                    + "); copy it again or re-export it", e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The size of the stream's first image, from its header alone.
     *
     * @param name how messages name the image
     * @throws ImageFormatException if it is not an image that can be read, or its header is damaged
     */
    static Dimension size(ImageInputStream stream, String name) {
        Iterator<ImageReader> readers = stream == null ? null : ImageIO.getImageReaders(stream);
        if (readers == null || !readers.hasNext()) {
            throw new ImageFormatException(name + " is not an image that can be read here (" + FORMATS
                    + "); convert it to PNG or JPEG");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(stream, true, true);
            return new Dimension(reader.getWidth(0), reader.getHeight(0));
        } catch (IOException | RuntimeException e) {
            throw new ImageFormatException(name + " has a damaged header (" + describe(e) + ")", e);
        } finally {
            reader.dispose();
        }
    }

    /** The size from the header, checked before any pixel is decoded, so a hostile header costs nothing. */
    private static void checkSize(ImageReader reader, String name, long maxPixels) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width < 1 || height < 1) {
            throw new ImageFormatException(name + " says it is " + width + "x" + height + " pixels; it is damaged");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageFormatException(name + " is " + width + "x" + height + " pixels, more than the limit of "
                    + maxPixels + " (" + pixels + " pixels); scale it down first");
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
            String message = t.getMessage();
            text.append(text.length() == 0 ? "" : ": ")
                    .append(message == null ? t.getClass().getSimpleName() : message);
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }

    /**
     * Keeps the first warning that means pixels are missing or wrong: libjpeg's "premature end" and "corrupt
     * data" warnings (except extraneous bytes before a marker, which loses nothing). A missing end marker alone
     * is not damage: the pixels before it are all there.
     */
    private static final class Warnings implements IIOReadWarningListener {
        private String damage;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            String text = warning.toLowerCase(Locale.ROOT);
            boolean lost = text.contains("premature end") || text.contains("unexpected end")
                    || (text.contains("corrupt") && !text.contains("extraneous"));
            if (lost && damage == null) {
                damage = warning;
            }
        }
    }
}
