package io.pastiche.image;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import io.pastiche.ImageFormatException;
import io.pastiche.files.AtomicWrite;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads photos upright (honouring the EXIF orientation) and in sRGB, refusing damaged and oversized files, and
 * writes images atomically.
 */
public final class ImageFiles {

    /** Images of more pixels than this are refused before decoding: 100 megapixels, 400 MB decoded. */
    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    private ImageFiles() {
    }

    /**
     * Reads an image of at most {@value #DEFAULT_MAX_PIXELS} pixels, turned upright, as
     * {@link #read(Path, long)} does.
     *
     * @param path the image file
     * @return the image, upright, in sRGB
     * @throws IOException          if the file cannot be read, or the path is not a regular file
     * @throws NoSuchFileException  if there is no such file
     * @throws ImageFormatException if the file is not an image that can be read, is truncated or damaged, or has
     *                              more than {@value #DEFAULT_MAX_PIXELS} pixels
     */
    public static BufferedImage read(Path path) throws IOException {
        return read(path, DEFAULT_MAX_PIXELS);
    }

    /**
     * Reads an image, turned upright as its EXIF orientation says, in sRGB: CMYK and YCCK JPEGs through a CMYK
     * profile, ICC-tagged images through their profile. The result is {@code TYPE_3BYTE_BGR}, {@code
     * TYPE_4BYTE_ABGR}, {@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB} or {@code TYPE_BYTE_GRAY}, all of which
     * {@link #write} writes. JPEG, PNG, BMP, GIF, WBMP, WebP and TIFF are read.
     *
     * @param path      the image file
     * @param maxPixels the most pixels (width x height) accepted; the size is read from the header first, and a
     *                  larger image is refused before it is decoded, so a hostile header cannot exhaust memory
     * @return the image, upright, in sRGB
     * @throws IOException          if the file cannot be read, or the path is not a regular file
     * @throws NoSuchFileException  if there is no such file
     * @throws ImageFormatException if the file is not an image that can be read, is truncated or damaged, or has
     *                              more than {@code maxPixels} pixels (the message names the size and the limit)
     */
    public static BufferedImage read(Path path, long maxPixels) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw Files.exists(path) ? new IOException(path + " is not a file") : new NoSuchFileException(path.toString());
        }
        BufferedImage image;
        try (ImageInputStream input = ImageIO.createImageInputStream(path.toFile())) {
            image = ImageDecoding.decode(input, path.toString(), maxPixels);
        }
        return orientation(() -> ImageMetadataReader.readMetadata(path.toFile())).apply(image);
    }

    /**
     * The width and height an image file says it has, from its header, without decoding it (as stored: before the
     * EXIF orientation turns it).
     *
     * @param path the image file
     * @return its size in pixels
     * @throws IOException          if the file cannot be read, or the path is not a regular file
     * @throws NoSuchFileException  if there is no such file
     * @throws ImageFormatException if the file is not an image that can be read, or its header is damaged
     */
    public static Dimension size(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw Files.exists(path) ? new IOException(path + " is not a file") : new NoSuchFileException(path.toString());
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(path.toFile())) {
            return ImageDecoding.size(input, path.toString());
        }
    }

    /**
     * Reads an image held in memory, as {@link #read(Path, long)} reads a file.
     *
     * @param bytes     the whole encoded file; not modified
     * @param name      how messages name the image
     * @param maxPixels the most pixels (width x height) accepted, checked before decoding
     * @return the image, upright, in sRGB
     * @throws ImageFormatException if the bytes are not an image that can be read, are truncated or damaged, or
     *                              have more than {@code maxPixels} pixels
     */
    public static BufferedImage read(byte[] bytes, String name, long maxPixels) {
        BufferedImage image;
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            image = ImageDecoding.decode(input, name, maxPixels);
        } catch (IOException e) {
            throw new UncheckedIOException("closing a stream in memory", e); // cannot fail
        }
        return orientation(() -> ImageMetadataReader.readMetadata(new ByteArrayInputStream(bytes))).apply(image);
    }

    private interface MetadataSource {
        Metadata read() throws ImageProcessingException, IOException;
    }

    private static Orientation orientation(MetadataSource source) {
        try {
            Metadata metadata = source.read();
            ExifIFD0Directory exif = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (exif != null && exif.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return Orientation.ofExif(exif.getInt(ExifIFD0Directory.TAG_ORIENTATION));
            }
        } catch (ImageProcessingException | MetadataException | IOException | RuntimeException e) {
            // No readable EXIF: the pixels were decoded, so show them as stored.
        }
        return Orientation.NORMAL;
    }

    /**
     * Writes an image in the format its file name ends with ({@code .png}, {@code .jpg}/{@code .jpeg},
     * {@code .bmp}), to a temporary file first and then renamed, so no half-written image is ever left. JPEG and
     * BMP have no alpha: an image with alpha is drawn over black first.
     *
     * @param image the image to write; not modified
     * @param path  the file; replaced if it exists
     * @throws IOException          if the file cannot be written
     * @throws ImageFormatException if the file name has no supported ending, or the format has no writer for the
     *                              image's type
     */
    public static void write(BufferedImage image, Path path) throws IOException {
        String format = formatOf(path);
        AtomicWrite.write(path, channel -> encode(image, format, Channels.newOutputStream(channel)));
    }

    /**
     * Encodes an image as {@link #write} writes it to a file of that format: the same bytes, held in memory (for a
     * web response, a database, a message).
     *
     * @param image  the image to encode; not modified
     * @param format {@code png}, {@code jpg} or {@code bmp}, as {@link #formatOf} names them
     * @return the encoded file's bytes
     * @throws ImageFormatException if the format is not one of those, or has no writer for the image's type
     */
    public static byte[] encode(BufferedImage image, String format) {
        if (!format.equals("png") && !format.equals("jpg") && !format.equals("bmp")) {
            throw new ImageFormatException("cannot encode as '" + format + "': use png, jpg or bmp");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            encode(image, format, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory", e); // cannot fail
        }
        return bytes.toByteArray();
    }

    private static void encode(BufferedImage image, String format, OutputStream out) throws IOException {
        BufferedImage toWrite = format.equals("png") ? image : withoutAlpha(image);
        if (!ImageIO.write(toWrite, format, out)) {
            throw new ImageFormatException("no " + format + " writer for images of type " + toWrite.getType());
        }
    }

    private static BufferedImage withoutAlpha(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(image, 0, 0, null);
        return rgb;
    }

    /**
     * The image format of a file name's ending, or an exception naming the endings supported.
     *
     * @param path a file name ending in {@code .png}, {@code .jpg}, {@code .jpeg} or {@code .bmp}, in any case
     * @return the {@link ImageIO} format name: {@code png}, {@code jpg} or {@code bmp}
     * @throws ImageFormatException if the name has none of those endings
     */
    public static String formatOf(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ending = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ending) {
            case "png" -> "png";
            case "jpg", "jpeg" -> "jpg";
            case "bmp" -> "bmp";
            default -> throw new ImageFormatException("cannot write '" + path.getFileName()
                    + "': name the output .png, .jpg, .jpeg or .bmp");
        };
    }
}
