package io.pastiche.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.pastiche.Style;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file written by Python's safetensors 0.8.0 ({@code safetensors.numpy.save_file} with metadata, as
 * docs/model-format.md shows): its own key and data order, mixed F16 and F32 tensors, and a metadata key
 * pastiche does not know ({@code producer}), which is ignored. Embedded so that the test needs no Python.
 *
 * <pre>
 * arch = {"blocks": [{"conv": {"name": "head", "in": 3, "out": 2, "kernel": 1, "stride": 1, "upsample": 1,
 *                              "activation": "relu"}},
 *                    {"conv": {"name": "tail", "in": 2, "out": 3, "kernel": 1, "stride": 1, "upsample": 1,
 *                              "activation": "sigmoid"}}]}
 * md = {"format": "pastiche", "format_version": "1", "architecture": json.dumps(arch), "alpha": "1.0",
 *       "styles": "2", "style_info": json.dumps([{"name": "monet", "painter": "Claude Monet"}, {"name": "klimt"}]),
 *       "producer": "test"}
 * t = {"head.weight": (np.arange(6, dtype=np.float32).reshape(2, 3, 1, 1) * 0.25).astype(np.float16),
 *      "head.norm.gamma": np.array([[1, 2], [3, 4]], dtype=np.float32),
 *      "head.norm.beta": np.array([[-1, -2], [-3, -4]], dtype=np.float32),
 *      "tail.weight": (np.arange(6, dtype=np.float32).reshape(3, 2, 1, 1) - 2.5).astype(np.float16),
 *      "tail.norm.gamma": np.full((2, 3), 0.5, dtype=np.float32),
 *      "tail.norm.beta": np.zeros((2, 3), dtype=np.float32)}
 * save_file(t, "py.safetensors", metadata=md)
 * </pre>
 */
class PythonWrittenFileTest {

    private static final String FILE =
            "mAMAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJzdHlsZV9pbmZvIjoiW3tcIm5hbWVcIjogXCJtb25ldFwiLCBcInBhaW50ZXJcIjog"
            + "XCJDbGF1ZGUgTW9uZXRcIn0sIHtcIm5hbWVcIjogXCJrbGltdFwifV0iLCJwcm9kdWNlciI6InRlc3QiLCJmb3JtYXQiOiJwYXN0"
            + "aWNoZSIsImZvcm1hdF92ZXJzaW9uIjoiMSIsImFscGhhIjoiMS4wIiwic3R5bGVzIjoiMiIsImFyY2hpdGVjdHVyZSI6IntcImJs"
            + "b2Nrc1wiOiBbe1wiY29udlwiOiB7XCJuYW1lXCI6IFwiaGVhZFwiLCBcImluXCI6IDMsIFwib3V0XCI6IDIsIFwia2VybmVsXCI6"
            + "IDEsIFwic3RyaWRlXCI6IDEsIFwidXBzYW1wbGVcIjogMSwgXCJhY3RpdmF0aW9uXCI6IFwicmVsdVwifX0sIHtcImNvbnZcIjog"
            + "e1wibmFtZVwiOiBcInRhaWxcIiwgXCJpblwiOiAyLCBcIm91dFwiOiAzLCBcImtlcm5lbFwiOiAxLCBcInN0cmlkZVwiOiAxLCBc"
            + "InVwc2FtcGxlXCI6IDEsIFwiYWN0aXZhdGlvblwiOiBcInNpZ21vaWRcIn19XX0ifSwiaGVhZC5ub3JtLmJldGEiOnsiZHR5cGUi"
            + "OiJGMzIiLCJzaGFwZSI6WzIsMl0sImRhdGFfb2Zmc2V0cyI6WzAsMTZdfSwiaGVhZC5ub3JtLmdhbW1hIjp7ImR0eXBlIjoiRjMy"
            + "Iiwic2hhcGUiOlsyLDJdLCJkYXRhX29mZnNldHMiOlsxNiwzMl19LCJ0YWlsLm5vcm0uYmV0YSI6eyJkdHlwZSI6IkYzMiIsInNo"
            + "YXBlIjpbMiwzXSwiZGF0YV9vZmZzZXRzIjpbMzIsNTZdfSwidGFpbC5ub3JtLmdhbW1hIjp7ImR0eXBlIjoiRjMyIiwic2hhcGUi"
            + "OlsyLDNdLCJkYXRhX29mZnNldHMiOls1Niw4MF19LCJoZWFkLndlaWdodCI6eyJkdHlwZSI6IkYxNiIsInNoYXBlIjpbMiwzLDEs"
            + "MV0sImRhdGFfb2Zmc2V0cyI6WzgwLDkyXX0sInRhaWwud2VpZ2h0Ijp7ImR0eXBlIjoiRjE2Iiwic2hhcGUiOlszLDIsMSwxXSwi"
            + "ZGF0YV9vZmZzZXRzIjpbOTIsMTA0XX19ICAgIAAAgL8AAADAAABAwAAAgMAAAIA/AAAAQAAAQEAAAIBAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAPwAAAD8AAAA/AAAAPwAAAD8AAAA/AAAANAA4ADoAPAA9AMEAvgC4ADgAPgBB";

    @TempDir
    Path dir;

    @Test
    void readsAFileWrittenByPythonSafetensors() throws IOException {
        Path file = Files.write(dir.resolve("py.safetensors"), Base64.getDecoder().decode(FILE));

        Model model = ModelFile.read(file);

        assertThat(model.spec().convolutions()).hasSize(2);
        assertThat(model.styles()).containsExactly(new Style(0, "monet", "Claude Monet", ""), Style.named(1, "klimt"));
        assertThat(model.weight(0)).containsExactly(0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f);
        assertThat(model.weight(1)).containsExactly(-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f);
        assertThat(model.cin().layers().get(0).gamma(1)).containsExactly(3f, 4f);
        assertThat(model.cin().layers().get(0).beta(0)).containsExactly(-1f, -2f);
        assertThat(model.cin().layers().get(1).gamma(0)).containsExactly(0.5f, 0.5f, 0.5f);
    }
}
