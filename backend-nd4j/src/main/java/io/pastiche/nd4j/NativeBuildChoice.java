package io.pastiche.nd4j;

import io.pastiche.spi.CpuFeatures;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which of the ND4J native builds on the class path to load on this CPU, decided before any ND4J class loads: either
 * a build, or the reason none can run and the artifact that would fix it.
 *
 * @param build   the build to load; null when none can
 * @param problem why none can, naming the fix; empty when {@code build} is set
 */
record NativeBuildChoice(NativeBuild build, String problem) {

    static final String ARTIFACT = "org.nd4j:nd4j-native:" + Nd4jRuntime.VERSION;

    /**
     * @param platform  JavaCPP's platform name, for example {@code linux-x86_64}
     * @param cpu       the CPU's features
     * @param onPath    whether the jar of a classifier (for example {@code linux-x86_64-onednn-avx2}) is on the
     *                  class path
     * @param requested a build the user named ({@value Nd4jRuntime#BUILD_PROPERTY}), or null to choose
     */
    static NativeBuildChoice choose(String platform, CpuFeatures cpu, Predicate<String> onPath, String requested) {
        if (!platform.endsWith("-x86_64")) {
            // Other architectures have one build per platform, without extensions.
            return onPath.test(platform) ? of(NativeBuild.PLAIN) : none("ND4J's native library for " + platform
                    + " is missing: add " + ARTIFACT + " with classifier " + platform + " to the class path");
        }
        if (requested != null) {
            return requested(platform, cpu, onPath, requested);
        }
        List<NativeBuild> present = Arrays.stream(NativeBuild.values())
                .filter(b -> onPath.test(b.classifier(platform))).toList();
        if (present.isEmpty()) {
            return none("ND4J's native library for " + platform + " is missing: add " + ARTIFACT + " with classifier "
                    + fitting(cpu).classifier(platform) + " to the class path (pastiche-backend-nd4j brings it)");
        }
        List<NativeBuild> runnable = present.stream().filter(b -> b.runsOn(cpu)).toList();
        if (runnable.isEmpty()) {
            NativeBuild first = present.get(0);
            return none("the ND4J native build on the class path (" + classifiers(present, platform) + ") needs "
                    + String.join(", ", cpu.known() ? cpu.missing(first.requires()) : first.requires())
                    + ", which " + cpu.describe() + " lacks; loading it would kill the JVM. Add " + ARTIFACT
                    + " with classifier " + fitting(cpu).classifier(platform) + " to the class path");
        }
        NativeBuild best = runnable.get(0);
        if (best == NativeBuild.PLAIN && runnable.size() < present.size()) {
            // JavaCPP loads the plain build only when no extension is set, and then it may try the others first.
            return none("only the plain ND4J build on the class path runs on " + cpu.describe() + ", beside "
                    + classifiers(present.stream().filter(b -> !b.runsOn(cpu)).toList(), platform)
                    + ", which would kill the JVM; remove that, or add " + ARTIFACT + " with classifier "
                    + fitting(cpu).classifier(platform));
        }
        return of(best);
    }

    private static NativeBuildChoice requested(String platform, CpuFeatures cpu, Predicate<String> onPath,
            String name) {
        NativeBuild build = NativeBuild.named(name).orElse(null);
        if (build == null) {
            return none(Nd4jRuntime.BUILD_PROPERTY + "=" + name + " names no ND4J build; one of: "
                    + String.join(", ", Arrays.stream(NativeBuild.values()).map(NativeBuild::userName).toList()));
        }
        if (!onPath.test(build.classifier(platform))) {
            return none(Nd4jRuntime.BUILD_PROPERTY + " asks for the " + build.userName() + " build, which is not on "
                    + "the class path: add " + ARTIFACT + " with classifier " + build.classifier(platform));
        }
        if (cpu.known() && !build.runsOn(cpu)) {
            return none(Nd4jRuntime.BUILD_PROPERTY + " asks for the " + build.userName() + " build, which needs "
                    + String.join(", ", cpu.missing(build.requires())) + ", which " + cpu.describe()
                    + " lacks; loading it would kill the JVM");
        }
        return of(build);
    }

    /** The build to recommend for a CPU: the default unless the CPU lacks AVX2. */
    private static NativeBuild fitting(CpuFeatures cpu) {
        return NativeBuild.DEFAULT.runsOn(cpu) ? NativeBuild.DEFAULT : NativeBuild.ONEDNN;
    }

    private static String classifiers(List<NativeBuild> builds, String platform) {
        return String.join(", ", builds.stream().map(b -> b.classifier(platform)).toList());
    }

    private static NativeBuildChoice of(NativeBuild build) {
        return new NativeBuildChoice(build, "");
    }

    private static NativeBuildChoice none(String problem) {
        return new NativeBuildChoice(null, problem);
    }

    boolean possible() {
        return build != null;
    }
}
