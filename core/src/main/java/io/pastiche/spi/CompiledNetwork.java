package io.pastiche.spi;

import io.pastiche.StyleMask;

import io.pastiche.norm.StyleEmbedding;
import io.pastiche.plan.LayerRange;
import io.pastiche.plan.NetworkPlan;
import io.pastiche.plan.StyleBatch;
import io.pastiche.tensor.Tensor;

import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A network compiled on a {@link Backend}, with its convolution weights; the style's gamma/beta come with each
 * call. Safe to call from many threads at once; {@link #close()} waits for the calls in flight.
 */
public final class CompiledNetwork implements AutoCloseable {

    private final NetworkPlan plan;
    private final EngineNetwork network;
    private final Engine engine;
    private final Consumer<Object> onClose;
    private final CloseGuard guard;

    CompiledNetwork(String backend, NetworkPlan plan, EngineNetwork network, Engine engine,
                    Consumer<Object> onClose) {
        this.plan = plan;
        this.network = network;
        this.engine = engine;
        this.onClose = onClose;
        this.guard = new CloseGuard(backend + " network");
    }

    /**
     * How the network runs: its layers, their forms, the ranges it accepts.
     *
     * @return the plan
     */
    public NetworkPlan plan() {
        return plan;
    }

    /**
     * Runs the network.
     *
     * @param input  RGB in [0, 1], NCHW; every side at least the spec's
     *               {@link io.pastiche.network.NetworkSpec#minimumInputSize() minimum}
     * @param styles one embedding per image of the batch (images may have different styles)
     * @return the network's output, NCHW, of side {@link io.pastiche.network.NetworkSpec#outputSize(int)} (not
     *         cropped back to the input size; the caller crops the top-left corner); RGB in [0, 1] where the last
     *         layer ends in a sigmoid, as in {@link io.pastiche.network.NetworkSpec#standard(double)}
     * @throws IllegalArgumentException      if the input or the styles do not fit the network
     * @throws IllegalStateException         if this network or its backend is closed
     * @throws io.pastiche.PasticheException if the engine fails during the call: a
     *                                       {@link io.pastiche.NativeMemoryException} when it runs out of memory,
     *                                       else a {@link io.pastiche.BackendException}
     */
    public Tensor forward(Tensor input, List<StyleEmbedding> styles) {
        return forward(plan.all(), input, styles);
    }

    /**
     * Runs a range of the network's layers ({@link NetworkPlan#range}, {@link NetworkPlan#layer}).
     *
     * @param range  the layers
     * @param input  NCHW with the range's input channels, every side at least
     *               {@link NetworkPlan#minimumInputSize(LayerRange) the range's minimum}
     * @param styles one embedding per image of the batch, for the whole network (the range uses its layers')
     * @return the range's output, NCHW, of side {@link NetworkPlan#outputSize(LayerRange, int)}
     * @throws IllegalArgumentException      if the range, the input or the styles do not fit the network
     * @throws IllegalStateException         if this network or its backend is closed
     * @throws io.pastiche.PasticheException if the engine fails during the call, as {@link #forward(Tensor, List)}
     */
    public Tensor forward(LayerRange range, Tensor input, List<StyleEmbedding> styles) {
        plan.check(range);
        Arguments.checkInput(plan, range, input, styles);
        StyleBatch batch = StyleBatch.of(styles);
        return onEngine(input, () -> network.run(range, input, batch));
    }

    /**
     * Runs a range of the network's layers on a channels-last map, written straight into the engine's input and
     * read straight out of its output ({@link ChannelsLastTile}): for tiled execution, one copy each way per call.
     *
     * @param range  the layers
     * @param tile   the input's shape, where its values come from and where the output goes
     * @param styles one embedding per image of the batch, for the whole network (the range uses its layers')
     * @throws IllegalArgumentException      if the range, the input or the styles do not fit the network
     * @throws IllegalStateException         if this network or its backend is closed
     * @throws io.pastiche.PasticheException if the engine fails during the call, as {@link #forward(Tensor, List)}
     */
    public void forward(LayerRange range, ChannelsLastTile tile, List<StyleEmbedding> styles) {
        plan.check(range);
        Arguments.checkInput(plan, range, tile, styles);
        StyleBatch batch = StyleBatch.of(styles);
        guard.run(() -> {
            try {
                network.run(range, tile, batch);
                return null;
            } catch (RuntimeException | Error e) {
                throw EngineFailures.translate(engine, Arguments.describe(tile), e);
            }
        });
    }

    /**
     * Runs the whole network with a style mask: every image of the batch in the mask's styles, position by
     * position ({@link StyleBatch#masked}).
     *
     * @param input      RGB in [0, 1], NCHW, of the mask's size
     * @param mask       which style goes where
     * @param maskStyles the embedding of each of {@link StyleMask#styles()}, in that order
     * @return the network's output, as {@link #forward(Tensor, List)}
     * @throws IllegalArgumentException      if the input, the mask or the styles do not fit the network
     * @throws IllegalStateException         if this network or its backend is closed
     * @throws io.pastiche.PasticheException if the engine fails during the call, as {@link #forward(Tensor, List)}
     */
    public Tensor forward(Tensor input, StyleMask mask, List<StyleEmbedding> maskStyles) {
        LayerRange range = plan.all();
        StyleBatch.checkMask(mask, maskStyles, input.height(), input.width());
        Arguments.checkInput(plan, range, input, Collections.nCopies(input.batch(), maskStyles.get(0)));
        Arguments.checkEmbeddings(plan, maskStyles);
        StyleBatch batch = StyleBatch.masked(input.batch(), maskStyles, mask, plan, input.height(), input.width());
        return onEngine(input, () -> network.run(range, input, batch));
    }

    /** A call into the engine under the close guard, its failures translated (naming {@code input}'s shape). */
    private <T> T onEngine(Tensor input, Supplier<T> call) {
        return guard.run(() -> {
            try {
                return call.get();
            } catch (RuntimeException | Error e) {
                throw EngineFailures.translate(engine, input, e);
            }
        });
    }

    /** Waits for the calls in flight, then frees the engine's memory. A second call does nothing. */
    @Override
    public void close() {
        if (guard.close(network::close)) {
            onClose.accept(this);
        }
    }
}
