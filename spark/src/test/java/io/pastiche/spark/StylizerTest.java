package io.pastiche.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pastiche.Rendering;
import io.pastiche.StyleNetwork;
import io.pastiche.image.ImageFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DataFrame API, as an application uses it from Java (or PySpark through the JVM). */
class StylizerTest {

    @TempDir
    static Path photos;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws IOException {
        Pictures.write(photos);
        spark = SparkSession.builder().master("local[2]").appName("StylizerTest").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void eachImageGetsItsDrawnStyleAndBadOnesTheirReason() {
        Dataset<Row> images = spark.read().format("binaryFile").option("pathGlobFilter", "*.{png,jpg}")
                .load(photos.toString());
        StylePlan plan = StylePlan.randomStyle(5);
        Rendering rendering = Rendering.PLAIN.withStrength(0.5);
        List<Row> rows = Stylizer.of(plan).withFormat("jpg").withRendering(rendering).transform(images)
                .collectAsList();

        assertThat(rows).hasSize(4); // a.png b.png c.jpg notes.jpg (trip/ is not read without recursion)
        try (StyleNetwork network = StyleNetwork.loadDefault()) {
            for (Row row : rows) {
                String source = row.getAs("source");
                StylePlan.Choice choice = plan.choose(source, network.styles());
                assertThat((String) row.getAs("style")).isEqualTo(choice.label());
                assertThat((Long) row.getAs("seed")).isEqualTo(5L);
                if (source.endsWith(Pictures.BROKEN)) {
                    assertThat(row.isNullAt(row.fieldIndex("image"))).isTrue();
                    assertThat((String) row.getAs("error")).contains("not an image");
                    continue;
                }
                byte[] photo = images.filter(images.col("path").equalTo(source)).first().getAs("content");
                byte[] expected = ImageFiles.encode(rendering.render(network, ImageFiles.read(photo, source,
                        Long.MAX_VALUE), choice.mix()), "jpg");
                assertThat((byte[]) row.getAs("image")).as(source).isEqualTo(expected);
                assertThat(row.isNullAt(row.fieldIndex("error"))).isTrue();
                assertThat((Integer) row.getAs("width")).isPositive();
            }
        }
    }

    @Test
    void aDataFrameWithoutTheImageColumnsIsRefused() {
        Dataset<Row> paths = spark.read().text(photos.resolve("readme.txt").toString());
        assertThatThrownBy(() -> Stylizer.of(StylePlan.style("0")).transform(paths))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'path' (string) and 'content'");
        assertThatThrownBy(() -> Stylizer.of(StylePlan.style("0")).withFormat("gif"))
                .hasMessageContaining("png or jpg");
    }
}
