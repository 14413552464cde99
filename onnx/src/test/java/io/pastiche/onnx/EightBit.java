package io.pastiche.onnx;

import io.pastiche.image.ImageTensors;
import io.pastiche.tensor.Tensor;
import java.awt.image.BufferedImage;

/** Compares outputs as the user sees them: 8-bit RGB, converted by pastiche's own {@link ImageTensors}. */
public final class EightBit {

    private EightBit() {
    }

    /**
     * The largest difference of one channel of one pixel, in 0..255, between two single-image outputs, over
     * {@code a}'s size ({@code b} may be larger: pastiche's own output before its crop).
     */
    public static int maxDifference(Tensor a, Tensor b) {
        BufferedImage like = new BufferedImage(a.width(), a.height(), BufferedImage.TYPE_INT_RGB);
        BufferedImage imageA = ImageTensors.toImage(a, 0, like);
        BufferedImage imageB = ImageTensors.toImage(b, 0, like);
        int max = 0;
        for (int y = 0; y < like.getHeight(); y++) {
            for (int x = 0; x < like.getWidth(); x++) {
                int pa = imageA.getRGB(x, y);
                int pb = imageB.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs((pa >> shift & 0xff) - (pb >> shift & 0xff)));
                }
            }
        }
        return max;
    }
}
