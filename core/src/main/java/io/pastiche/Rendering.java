package io.pastiche;

import io.pastiche.image.BrushScale;
import io.pastiche.image.ColourPreservation;
import io.pastiche.image.PixelBlend;
import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a photo becomes a finished pastiche around the network's call: the brush scale it is painted at
 * ({@link BrushScale}), whether the photo's colours are kept ({@link ColourPreservation}) and the strength of the
 * style ({@link PixelBlend}), applied in that order. The command line, the web service and any application that
 * wants the same picture for the same settings go through this one place. Immutable.
 *
 * <pre>{@code
 * Rendering rendering = Rendering.PLAIN.withStrength(0.7).withColoursPreserved(true);
 * BufferedImage pastiche = rendering.render(network, photo, StyleMix.of(network.style("great_wave").index()));
 * }</pre>
 *
 * @param strength         how much of the style, from 0 (the photo) to 1 (the pastiche)
 * @param preserveColours  whether the pastiche keeps the photo's hues (its luminance only is stylized)
 * @param brushScale       strokes this many times larger (the photo is painted at 1/brushScale of its size); 1 or
 *                         more
 */
public record Rendering(double strength, boolean preserveColours, double brushScale) {

    /** The network's pastiche as it is: full strength, the style's colours, the network's own strokes. */
    public static final Rendering PLAIN = new Rendering(1, false, 1);

    /**
     * Checks the settings.
     *
     * @param strength        from 0 to 1
     * @param preserveColours whether the photo's colours are kept
     * @param brushScale      1 or more, finite
     * @throws IllegalArgumentException if the strength or brush scale is out of its range or not a number
     */
    public Rendering {
        if (!(strength >= 0 && strength <= 1)) {
            throw new IllegalArgumentException("the strength is from 0 (the photo) to 1 (the pastiche), was "
                    + strength);
        }
        if (!(brushScale >= 1) || Double.isInfinite(brushScale)) {
            throw new IllegalArgumentException("the brush scale is at least 1 (the network's own strokes), was "
                    + brushScale);
        }
    }

    /**
     * These settings with another strength.
     *
     * @param newStrength from 0 (the photo) to 1 (the pastiche)
     * @return the new settings
     * @throws IllegalArgumentException if the strength is outside 0..1
     */
    public Rendering withStrength(double newStrength) {
        return new Rendering(newStrength, preserveColours, brushScale);
    }

    /**
     * These settings, keeping the photo's colours or not.
     *
     * @param keep whether the pastiche keeps the photo's hues
     * @return the new settings
     */
    public Rendering withColoursPreserved(boolean keep) {
        return new Rendering(strength, keep, brushScale);
    }

    /**
     * These settings with another brush scale.
     *
     * @param scale 1 or more
     * @return the new settings
     * @throws IllegalArgumentException if the scale is below 1 or not finite
     */
    public Rendering withBrushScale(double scale) {
        return new Rendering(strength, preserveColours, scale);
    }

    /**
     * Renders a photo in a mix of styles with these settings.
     *
     * @param network the network
     * @param photo   the photo; not modified
     * @param mix     the styles' weights
     * @return a new image of the photo's size
     * @throws UnknownStyleException if the mix names a style the network does not have
     * @throws ImageFormatException  if the photo is too small or too large for the network, or the brush scale
     *                               paints it below the network's minimum size
     */
    public BufferedImage render(StyleNetwork network, BufferedImage photo, StyleMix mix) {
        Objects.requireNonNull(mix, "mix");
        return render(network, photo, painted -> network.stylize(painted, mix));
    }

    /**
     * Renders a photo with these settings and a call of one's own (a mask, a progress listener): {@code paint}
     * is given the picture to stylize, which is the photo reduced by the brush scale (the photo itself at 1), and
     * returns its pastiche, of the same size.
     *
     * @param network the network, whose minimum size the reduced picture is checked against
     * @param photo   the photo; not modified
     * @param paint   stylizes the picture it is given, for example {@code p -> network.stylize(p, mask)}
     * @return a new image of the photo's size
     * @throws ImageFormatException     if the brush scale paints the photo below the network's minimum size
     * @throws IllegalArgumentException if {@code paint} returns an image of another size
     */
    public BufferedImage render(StyleNetwork network, BufferedImage photo, UnaryOperator<BufferedImage> paint) {
        BufferedImage painted = brushScale > 1 ? BrushScale.reduce(photo, brushScale) : photo;
        int min = network.model().spec().minimumInputSize();
        if (painted != photo && (painted.getWidth() < min || painted.getHeight() < min)) {
            throw new ImageFormatException("a brush scale of " + plain(brushScale) + " paints the "
                    + photo.getWidth() + "x" + photo.getHeight() + " picture at " + painted.getWidth() + "x"
                    + painted.getHeight() + ", below the network's minimum of " + min + "x" + min
                    + "; use a smaller brush scale");
        }
        BufferedImage result = paint.apply(painted);
        if (result.getWidth() != painted.getWidth() || result.getHeight() != painted.getHeight()) {
            throw new IllegalArgumentException("the pastiche is " + result.getWidth() + "x" + result.getHeight()
                    + " but the picture painted was " + painted.getWidth() + "x" + painted.getHeight());
        }
        if (painted != photo) {
            result = BrushScale.enlarge(photo, result);
        }
        if (preserveColours) {
            ColourPreservation.applyInPlace(photo, result);
        }
        return strength < 1 ? PixelBlend.applyInPlace(photo, result, strength) : result;
    }

    /** A number as people write it: 4, not 4.0; 2.5 as is. */
    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    /**
     * Whether these are the {@link #PLAIN} settings, which leave the network's pastiche as it is.
     *
     * @return true for full strength, the style's colours and brush scale 1
     */
    public boolean isPlain() {
        return equals(PLAIN);
    }
}
