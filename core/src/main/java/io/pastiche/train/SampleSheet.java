package io.pastiche.train;

import io.pastiche.image.ImageFiles;
import io.pastiche.image.ImageTensors;
import io.pastiche.image.Resize;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.spi.Backend;
import io.pastiche.spi.CompiledNetwork;
import io.pastiche.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sheet of sample pastiches, so that a run's progress can be seen and not only read: one photo, then that photo
 * in each trained style, in rows of four, written as {@code step-NNNNNNN.png} (the step in seven digits).
 */
final class SampleSheet {

    private static final int SIDE = 192;
    private static final int COLUMNS = 4;

    private final BufferedImage photo;
    private final Path folder;

    SampleSheet(BufferedImage photo, Path folder) {
        this.photo = Resize.toFit(photo, SIDE);
        this.folder = folder;
    }

    Path write(Backend backend, TrainingState state, long step) throws IOException {
        List<BufferedImage> tiles = new ArrayList<>();
        tiles.add(photo);
        Tensor input = ImageTensors.toTensor(List.of(photo));
        try (CompiledNetwork network = backend.compile(state.template.spec(), state.weightValues())) {
            for (int style = state.firstTrainedStyle; style < state.template.styles().size(); style++) {
                StyleEmbedding embedding = state.embedding(style);
                tiles.add(ImageTensors.toImage(network.forward(input, List.of(embedding)), 0, photo));
            }
        }
        int rows = (tiles.size() + COLUMNS - 1) / COLUMNS;
        int columns = Math.min(COLUMNS, tiles.size());
        BufferedImage sheet = new BufferedImage(columns * photo.getWidth(), rows * photo.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        for (int i = 0; i < tiles.size(); i++) {
            g.drawImage(tiles.get(i), (i % COLUMNS) * photo.getWidth(), (i / COLUMNS) * photo.getHeight(), null);
        }
        g.dispose();
        Files.createDirectories(folder);
        Path path = folder.resolve(String.format("step-%07d.png", step));
        ImageFiles.write(sheet, path);
        return path;
    }
}
