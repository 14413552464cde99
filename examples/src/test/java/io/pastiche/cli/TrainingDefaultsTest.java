package io.pastiche.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.loss.LossSpec;
import io.pastiche.train.TrainingConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The training options' defaults are core's, so the help's defaults and a run without options agree with it. */
class TrainingDefaultsTest {

    private static CommandLine train() {
        return PasticheCli.commandLine().getSubcommands().get("train");
    }

    @Test
    void noOptionsGiveCoresDefaults() {
        CommandLine train = train();
        LossSpec loss = new LossOptions().spec(train);
        assertThat(loss).isEqualTo(TrainingConfig.defaults().loss());
        assertThat(new TrainingSettings().config(loss, train)).isEqualTo(TrainingConfig.defaults());
    }

    @Test
    void vgg16DefaultsToThePapersLayers() {
        LossOptions options = new LossOptions();
        options.arch = LossOptions.Arch.vgg16;
        assertThat(options.spec(train())).isEqualTo(LossSpec.paperVgg16());
    }

    @Test
    void styleLayersTakeTheirOwnWeightOrTheCommonOne() {
        LossOptions options = new LossOptions();
        options.styleWeight = 2e-4;
        options.styleLayers = List.of("relu1_1", "relu3_1=5e-5");
        options.contentLayer = "relu4_2";
        options.tvWeight = 1e-6;
        LossSpec spec = options.spec(train());
        assertThat(spec.styleWeights()).containsExactly(Map.entry("relu1_1", 2e-4),
                Map.entry("relu3_1", 5e-5));
        assertThat(spec.contentLayer()).isEqualTo("relu4_2");
        assertThat(spec.totalVariationWeight()).isEqualTo(1e-6);
        // Only the layers up to the deepest one used are read from the VGG file.
        assertThat(options.layers(spec).featureNames()).endsWith("relu4_2").hasSize(10);
    }
}
