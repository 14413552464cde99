package io.pastiche.serve;

import io.pastiche.StyleMask;
import io.pastiche.StyleMix;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * A style mask's request: the style or mix of each colour of the uploaded label image ({@code region=#ff0000=NAME}
 * or {@code region=#0000ff=NAME=W,NAME=W}, one per colour), how many pixels its borders are blended over
 * ({@code feather}), and whether each pixel's weights are divided by their sum ({@code normalize}). The mask is made
 * as {@code pastiche stylize --mask} makes it: the label image resized (nearest pixel) to the picture painted, then
 * feathered, so that the server's answer is the command's file.
 *
 * @param byColour  the mix of each colour, colours as {@code 0xRRGGBB}, in the order given
 * @param feather   the blending radius in pixels of the picture painted, 0 for hard borders
 * @param normalize whether each pixel's weights are made to sum to 1
 */
record Regions(Map<Integer, StyleMix> byColour, int feather, boolean normalize) {

    /**
     * The mask for a picture of a size.
     *
     * @param labels the uploaded label image
     * @param width  the picture's width
     * @param height the picture's height
     * @return the mask, of the picture's size
     * @throws ApiError 422 {@code bad_mask} if the label image's colours and the regions do not match, or its
     *                  shape is not the picture's
     */
    StyleMask fit(BufferedImage labels, int width, int height) {
        StyleMask drawn;
        try {
            drawn = StyleMask.ofLabels(labels, byColour);
        } catch (IllegalArgumentException e) {
            throw new ApiError(422, "bad_mask", "the mask: " + e.getMessage());
        }
        if (!drawn.hasShapeOf(width, height)) {
            throw new ApiError(422, "bad_mask", "the mask is " + labels.getWidth() + "x" + labels.getHeight()
                    + " and the picture " + width + "x" + height + ": their shapes differ, so its regions would "
                    + "not fall where they were drawn; draw the mask on the picture (any scale of it)");
        }
        return (normalize ? drawn.normalized() : drawn).resized(width, height).feathered(feather);
    }
}
