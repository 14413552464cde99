package io.pastiche.lossnet;

import io.pastiche.ModelFormatException;
import io.pastiche.model.SafetensorsReader;
import io.pastiche.model.TensorEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads VGG convolution weights from a torchvision-layout safetensors file: {@code features.N.weight} (OIHW) and
 * {@code features.N.bias} for each convolution, as the files users download for torchvision's {@code vgg16} and
 * {@code vgg19} hold them. Other tensors (the classifier) are ignored.
 */
public final class VggWeightsFile {

    private VggWeightsFile() {
    }

    /**
     * Reads the weights of a VGG from a file.
     *
     * @param path          a torchvision-layout safetensors file; F32, F16 or BF16 tensors
     * @param spec          the VGG the file holds, for example {@link VggSpec#vgg19()}
     * @param pooling       the pooling to use, average for the paper's losses
     * @param normalization what the weights expect, {@link InputNormalization#TORCHVISION} for torchvision's
     * @return the loss network, its values in float32
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws IOException                      if the file cannot be read
     * @throws ModelFormatException             if a tensor is missing or of the wrong shape (named in the
     *                                          message), or the file is not a valid safetensors file
     */
    public static LossNetwork read(Path path, VggSpec spec, Pooling pooling, InputNormalization normalization)
            throws IOException {
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        try (SafetensorsReader reader = SafetensorsReader.open(path)) {
            for (VggLayer conv : spec.convolutions()) {
                String prefix = "features." + conv.index();
                weights.add(reader.floats(find(reader, path, prefix + ".weight", conv.weightShape(), spec, conv)));
                biases.add(reader.floats(find(reader, path, prefix + ".bias", new long[] {conv.outChannels()}, spec,
                        conv)));
            }
        }
        return new LossNetwork(spec, weights, biases, pooling, normalization);
    }

    private static TensorEntry find(SafetensorsReader reader, Path path, String name, long[] shape, VggSpec spec,
                                    VggLayer conv) {
        Optional<TensorEntry> entry = reader.header().tensor(name);
        if (entry.isEmpty()) {
            throw new ModelFormatException(path + ": no tensor '" + name + "' (" + spec.name() + " " + conv.name()
                    + "); is this a torchvision-layout " + spec.name() + " file? It needs features.N.weight and "
                    + "features.N.bias for every convolution");
        }
        if (!Arrays.equals(entry.get().shape(), shape)) {
            throw new ModelFormatException(path + ": tensor '" + name + "' has shape "
                    + Arrays.toString(entry.get().shape()) + ", " + spec.name() + " " + conv.name() + " needs "
                    + Arrays.toString(shape) + "; is this a " + spec.name() + " file?");
        }
        return entry.get();
    }
}
