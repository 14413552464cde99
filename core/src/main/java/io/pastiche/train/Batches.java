package io.pastiche.train;

import io.pastiche.image.ImageTensors;
import io.pastiche.image.Resize;
import io.pastiche.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training batches: for each photo of a step, a random photo, a random square crop of it (after its shortest
 * side is resized to the crop size plus 2, as the reference implementation does) and a random style. Everything
 * about step {@code s} follows from the seed and {@code s} alone, so a resumed run sees the same batches as an
 * uninterrupted one.
 */
final class Batches {

    /** The content photos of a step and the style drawn for each. */
    record Batch(Tensor content, int[] styles) {
    }

    private final List<BufferedImage> photos = new ArrayList<>();
    private final int cropSize;
    private final int firstStyle;
    private final int styles;
    private final long seed;

    /**
     * @param firstStyle the first style index drawn
     * @param styles     one past the last
     */
    Batches(List<BufferedImage> photos, int cropSize, int firstStyle, int styles, long seed) {
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("training needs at least one content photo");
        }
        for (BufferedImage photo : photos) {
            this.photos.add(Resize.shortestSideTo(photo, cropSize + 2));
        }
        this.cropSize = cropSize;
        this.firstStyle = firstStyle;
        this.styles = styles;
        this.seed = seed;
    }

    Batch at(long step, int batchSize) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        List<BufferedImage> crops = new ArrayList<>(batchSize);
        int[] drawn = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            BufferedImage photo = photos.get(random.nextInt(photos.size()));
            int x = random.nextInt(photo.getWidth() - cropSize + 1);
            int y = random.nextInt(photo.getHeight() - cropSize + 1);
            crops.add(photo.getSubimage(x, y, cropSize, cropSize));
            drawn[b] = firstStyle + random.nextInt(styles - firstStyle);
        }
        return new Batch(ImageTensors.toTensor(crops), drawn);
    }
}
