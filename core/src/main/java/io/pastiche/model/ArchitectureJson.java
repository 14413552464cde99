package io.pastiche.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pastiche.network.Activation;
import io.pastiche.network.Block;
import io.pastiche.network.ConvLayer;
import io.pastiche.network.NetworkSpec;
import io.pastiche.network.ResidualBlock;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code architecture} manifest value: a {@link NetworkSpec} as JSON, any spec, not only the standard one.
 * <pre>{"blocks": [{"conv": {"name": "contract/conv1", "in": 3, "out": 32, "kernel": 9, "stride": 1,
 *   "upsample": 1, "activation": "relu"}}, {"residual": [{...conv...}, {...conv...}]}, ...]}</pre>
 * Reading is strict: an unknown field is an error, since a field this version ignores could change what the
 * network computes.
 */
final class ArchitectureJson {

    private static final Set<String> CONV_FIELDS =
            Set.of("name", "in", "out", "kernel", "stride", "upsample", "activation");
    /** Far above any style network's channels. */
    private static final int MAX_CHANNELS = 1 << 16;
    private static final int MAX_KERNEL = 63;
    /** Each layer has three tensors, and a header holds at most {@link HeaderParser#MAX_TENSORS}. */
    static final int MAX_LAYERS = HeaderParser.MAX_TENSORS / 3;
    /** About 150 characters a layer: bounds the JSON tree built from an untrusted string. */
    static final int MAX_CHARS = MAX_LAYERS * 256;

    private ArchitectureJson() {
    }

    static String write(NetworkSpec spec) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode blocks = root.putArray("blocks");
        for (Block block : spec.blocks()) {
            block.accept(new Block.Visitor<Void>() {
                @Override
                public Void convolution(ConvLayer layer) {
                    blocks.addObject().set("conv", conv(layer));
                    return null;
                }

                @Override
                public Void residual(ResidualBlock residual) {
                    blocks.addObject().putArray("residual").add(conv(residual.first())).add(conv(residual.second()));
                    return null;
                }
            });
        }
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode conv(ConvLayer conv) {
        return Json.MAPPER.createObjectNode()
                .put("name", conv.name()).put("in", conv.inChannels()).put("out", conv.outChannels())
                .put("kernel", conv.kernel()).put("stride", conv.stride()).put("upsample", conv.upsample())
                .put("activation", conv.activation().name().toLowerCase(Locale.ROOT));
    }

    static NetworkSpec read(String json, String file) {
        if (json.length() > MAX_CHARS) {
            throw Problems.of(file, "the manifest's architecture is " + json.length() + " characters long, more than"
                    + " the " + MAX_CHARS + " allowed", "this is not a style network");
        }
        Fields parsed = Fields.parse(json, file, Manifest.ARCHITECTURE);
        Fields root = parsed.object(parsed.node(), "");
        root.only(Set.of("blocks"));
        List<Block> blocks = new ArrayList<>();
        List<JsonNode> items = root.array("blocks");
        if (items.size() > MAX_LAYERS) {
            throw root.problem(items.size() + " blocks, more than the " + MAX_LAYERS + " a network may have");
        }
        for (int i = 0; i < items.size(); i++) {
            Fields block = root.object(items.get(i), "block " + i);
            block.only(Set.of("conv", "residual"));
            if (block.node().size() != 1) {
                throw root.problem("block " + i + " must have exactly one of 'conv' or 'residual'");
            }
            if (block.node().has("conv")) {
                blocks.add(conv(root.object(block.node().get("conv"), "block " + i + " conv")));
            } else {
                List<JsonNode> pair = block.array("residual");
                if (pair.size() != 2) {
                    throw root.problem("block " + i + ": 'residual' has " + pair.size() + " convolutions, not 2");
                }
                ConvLayer first = conv(root.object(pair.get(0), "block " + i + " residual[0]"));
                ConvLayer second = conv(root.object(pair.get(1), "block " + i + " residual[1]"));
                blocks.add(root.valid(() -> new ResidualBlock(first, second)));
            }
        }
        return root.valid(() -> new NetworkSpec(blocks));
    }

    private static ConvLayer conv(Fields conv) {
        String name = conv.string("name");
        Fields layer = conv.named("layer " + name);
        layer.only(CONV_FIELDS);
        int in = layer.integer("in", 1, MAX_CHANNELS);
        int out = layer.integer("out", 1, MAX_CHANNELS);
        int kernel = layer.integer("kernel", 1, MAX_KERNEL);
        int stride = layer.integer("stride", 1, 2);
        int upsample = layer.integer("upsample", 1, 2);
        long weights = (long) in * out * kernel * kernel;
        if (weights > SafetensorsReader.MAX_ELEMENTS) {
            // ConvLayer counts weights in an int: refuse here what would overflow it, or not fit in an array.
            throw layer.problem(weights + " weights, more than one tensor may hold");
        }
        String activation = layer.string("activation");
        Activation act;
        try {
            act = Activation.valueOf(activation.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw layer.problem("activation '" + activation
                    + "' is not one of relu, sigmoid, none");
        }
        // No "layer" prefix here: ConvLayer's own messages start with the layer's name.
        return conv.named("").valid(() -> new ConvLayer(name, in, out, kernel, stride, upsample, act));
    }
}
