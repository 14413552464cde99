package io.pastiche.tensorflow;

import io.pastiche.StyleMask;
import io.pastiche.StyleMix;

import io.pastiche.model.Model;
import io.pastiche.network.NetworkSpec;
import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.tensor.Tensor;
import io.pastiche.testkit.RandomModels;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.StepStats;

/**
 * Not a test: where TensorFlow's time goes in the style network, from its step statistics (the "where the time
 * goes" table of docs/backend-tensorflow.md). {@code NetworkSpec.standard(1.0)}, one image, random weights; after
 * 3 untraced warm-up calls, {@code runs} traced calls; per operation type and per node, the mean time a call, with
 * the sum's share. Tracing adds a little to every operation, so the total exceeds an untraced call's.
 *
 * With a fourth argument {@code masked}, the call has a style mask of three regions over three styles.
 *
 * <pre>java -cp "$(test class path)" io.pastiche.tensorflow.StepProfile [side=256] [runs=10] [nodes=25] [masked]</pre>
 */
public final class StepProfile {

    private StepProfile() {
    }

    public static void main(String[] args) {
        int side = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        NetworkSpec spec = NetworkSpec.standard(1.0);
        boolean masked = args.length > 3 && args[3].equals("masked");
        Model model = RandomModels.model(spec, 3, 1);
        List<StyleEmbedding> style = List.of(model.cin().embedding(0));
        Tensor image = RandomModels.images(1, side, side, 2);
        NetworkPlan plan = NetworkPlan.of(spec);
        StyleBatch styles = masked ? StyleBatch.masked(1, List.of(model.cin().embedding(0), model.cin().embedding(1),
                model.cin().embedding(2)), threeRegions(side), plan, side, side) : StyleBatch.of(style);
        try (TensorflowNetwork network = new TensorflowEngine(TensorflowRuntime.start()).compile(plan,
                model.weights())) {
            for (int i = 0; i < 3; i++) {
                network.run(plan.all(), image, styles);
            }
            Map<String, Long> byType = new HashMap<>();
            Map<String, Long> byNode = new HashMap<>();
            for (int i = 0; i < runs; i++) {
                RunMetadata metadata = network.trace(image, styles);
                StepStats steps = metadata.getStepStats();
                steps.getDevStatsList().forEach(device -> device.getNodeStatsList().forEach(node -> {
                    byType.merge(type(node), node.getAllEndRelMicros(), Long::sum);
                    byNode.merge(node.getNodeName() + " (" + type(node) + ")", node.getAllEndRelMicros(), Long::sum);
                }));
            }
            long total = byType.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "%d x %d, %d traced calls: operations sum to %.1f ms a call%n%n", side,
                    side, runs, total / 1e3 / runs);
            System.out.println("| operation | ms a call | share |");
            System.out.println("|---|--:|--:|");
            print(byType, runs, total, byType.size());
            System.out.println();
            System.out.println("| node | ms a call | share |");
            System.out.println("|---|--:|--:|");
            print(byNode, runs, total, nodes);
        }
    }

    private static StyleMask threeRegions(int side) {
        return StyleMask.ofLabels(RandomModels.threeRegionLabels(side, side), Map.of(0xff0000, StyleMix.of(0), 0x00ff00, StyleMix.of(1), 0x0000ff,
                StyleMix.of(2))).feathered(side / 40);
    }

    /** The kernel's name: the timeline label reads {@code "name = Type(inputs)"}. */
    static String type(NodeExecStats node) {
        String label = node.getTimelineLabel();
        int equals = label.indexOf(" = ");
        String type = equals < 0 ? label : label.substring(equals + 3);
        int paren = type.indexOf('(');
        return paren < 0 ? type : type.substring(0, paren);
    }

    private static void print(Map<String, Long> micros, int runs, long total, int limit) {
        micros.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .filter(e -> e.getValue() > 0)
                .forEach(e -> System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f %% |%n", e.getKey(),
                        e.getValue() / 1e3 / runs, 100.0 * e.getValue() / total));
    }
}
