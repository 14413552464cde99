package io.pastiche.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ExecutorLostFailure;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationStart;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a Spark standalone cluster: a master and two workers of one core each on 127.0.0.1, in JVMs of their
 * own ({@link StandaloneCluster}), the driver in this one. The executors' pastiches are a local run's, byte for
 * byte, and an executor lost in the middle of the job loses no image and writes none twice.
 */
class ClusterTest {

    /** As many tasks as images: a task is short, both executors have some, and a lost one leaves work behind. */
    private static final int IMAGES = 10;
    private static final Pattern COUNTS = Pattern.compile("stylized (\\d+), skipped (\\d+) \\(done before\\), "
            + "failed (\\d+)");

    @TempDir
    static Path work;
    private static Path photos;
    private static Map<String, byte[]> local;
    private static StandaloneCluster cluster;
    /** The worker a test killed, or -1. */
    private int killed = -1;

    @BeforeAll
    static void localRunAndCluster() throws Exception {
        photos = work.resolve("photos");
        Pictures.write(photos, IMAGES, 256, 256);
        Path out = work.resolve("local");
        JobRuns.Result run = JobRuns.run(args(out, "local[2]"));
        assertThat(run.exit()).as(run.err()).isZero();
        local = JobRuns.images(out);
        assertThat(local).hasSize(IMAGES);
        cluster = StandaloneCluster.start(2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void forgetTasks() {
        Tasks.clear();
    }

    @AfterEach
    void restartKilledWorker() throws Exception {
        if (killed >= 0) {
            cluster.restartWorker(killed); // the other tests have two workers, whatever their order
        }
    }

    /** The executors, in JVMs other than the driver's, write the files local mode writes: names and bytes. */
    @Test
    void twoWorkersWriteTheFilesOfALocalRun() throws Exception {
        Path out = work.resolve("cluster");
        JobRuns.Result run = onCluster(out);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("stylized " + IMAGES + ", skipped 0 (done before), failed 0");
        JobRuns.assertSameFiles(JobRuns.images(out), local);
        // each worker's executor stylized some: the comparison covers both JVMs
        assertThat(Tasks.SUCCEEDED_ON).hasSize(2);
        assertThat(JobRuns.manifest(out)).hasSize(IMAGES);
        assertThat(out.resolve(OutputFiles.ATTEMPTS)).doesNotExist();
    }

    /**
     * A worker and its executor killed (SIGKILL) while the executor stylizes: the driver gives the lost task to the
     * other executor, and the job ends with every image written once and whole, the bytes of a run that lost
     * nothing, and one manifest row per image.
     */
    @Test
    void anExecutorLostMidJobLosesNoImageAndWritesNoneTwice() throws Exception {
        Path out = work.resolve("lost");
        ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "cluster-job");
            thread.setDaemon(true); // a job that hangs fails the test, not the JVM's exit
            return thread;
        });
        try {
            Future<JobRuns.Result> job = background.submit(() -> onCluster(out));
            Busy lost = awaitBusyExecutor(out, job);
            long writtenBefore = JobRuns.imageCount(out);
            killed = lost.worker();
            cluster.killWorker(lost.worker());

            JobRuns.Result run = job.get(2, TimeUnit.MINUTES);
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(writtenBefore).as("pictures written when the executor was lost").isLessThan(IMAGES);
            assertThat(Tasks.REMOVED).contains(lost.executor());
            // the task it had in hand was lost with it, and done again elsewhere (the job succeeded)
            assertThat(Tasks.FAILED).anySatisfy(failure -> {
                assertThat(failure.executor()).isEqualTo(lost.executor());
                assertThat(failure.reason()).isInstanceOf(ExecutorLostFailure.class);
            });

            JobRuns.assertSameFiles(JobRuns.images(out), local);
            Matcher counts = COUNTS.matcher(run.out());
            assertThat(counts.find()).as(run.out()).isTrue();
            // a lost task may have committed its picture before it died: its rerun found it, and skipped it
            assertThat(Integer.parseInt(counts.group(1)) + Integer.parseInt(counts.group(2))).isEqualTo(IMAGES);
            assertThat(counts.group(3)).isEqualTo("0");
            try (Stream<Path> left = Files.list(out)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("images",
                        "manifest");
            }
            List<Row> manifest = JobRuns.manifest(out);
            assertThat(manifest).hasSize(IMAGES);
            assertThat(manifest.stream().map(r -> r.getString(0)).collect(Collectors.toSet())).hasSize(IMAGES);
            assertThat(manifest).allSatisfy(r -> assertThat(r.isNullAt(4)).as(r.toString()).isTrue());
        } finally {
            background.shutdownNow();
        }
    }

    /** Waits until the job has written a picture and an executor has a task in hand: mid-job. */
    private static Busy awaitBusyExecutor(Path out, Future<JobRuns.Result> job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            if (JobRuns.imageCount(out) > 0 && Tasks.appId != null) {
                for (int worker = 0; worker < 2; worker++) {
                    for (String executor : cluster.executors(worker, Tasks.appId)) {
                        if (Tasks.RUNNING.containsValue(executor)) {
                            return new Busy(worker, executor);
                        }
                    }
                }
            }
            if (job.isDone()) {
                fail("the job ended before an executor was lost: " + job.get());
            }
            if (System.nanoTime() > deadline) {
                fail("no picture written, or no task running, within 90 s\n" + cluster.logs());
            }
            Thread.sleep(10);
        }
    }

    /** An executor, and the worker that started it. */
    private record Busy(int worker, String executor) {
    }

    private static String[] args(Path out, String master) {
        return new String[] {"--input", photos.toString(), "--output", out.toString(), "--style", "the_scream",
                "--master", master, "--partitions", String.valueOf(IMAGES)};
    }

    /** The job with the cluster as its master, the driver in this JVM. */
    private static JobRuns.Result onCluster(Path out) throws IOException {
        Map<String, String> conf = new LinkedHashMap<>(cluster.driverConf());
        conf.put("spark.extraListeners", Tasks.class.getName());
        // The tasks start once both executors are there (standalone's default: with the first one; the ratio
        // counts against spark.cores.max), and go to either at once: after repartition's shuffle a task prefers
        // the executor holding its rows, and Spark would otherwise keep it from the other one for 3 s, most of
        // this short job.
        conf.put("spark.cores.max", "2");
        conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.put("spark.locality.wait", "0s");
        // StylizeJob takes only --master: the rest as system properties, which a SparkConf reads
        Map<String, String> saved = new HashMap<>();
        conf.forEach((key, value) -> saved.put(key, System.setProperty(key, value)));
        try {
            return JobRuns.run(args(out, cluster.masterUrl()));
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    /** A task ended other than well: on which executor, and why. */
    record Failure(String executor, TaskEndReason reason) {
    }

    /** The driver's scheduler seen from its listener bus, for the assertions: installed by spark.extraListeners. */
    public static final class Tasks extends SparkListener {

        static volatile String appId;
        /** The running tasks' executors, by task id. */
        static final Map<Long, String> RUNNING = new ConcurrentHashMap<>();
        static final Set<String> SUCCEEDED_ON = ConcurrentHashMap.newKeySet();
        static final Queue<Failure> FAILED = new ConcurrentLinkedQueue<>();
        static final Set<String> REMOVED = ConcurrentHashMap.newKeySet();

        /** Spark's: it makes a listener of each class named. */
        public Tasks() {
        }

        static void clear() {
            appId = null;
            RUNNING.clear();
            SUCCEEDED_ON.clear();
            FAILED.clear();
            REMOVED.clear();
        }

        @Override
        public void onApplicationStart(SparkListenerApplicationStart start) {
            appId = start.appId().get();
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart start) {
            RUNNING.put(start.taskInfo().taskId(), start.taskInfo().executorId());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            RUNNING.remove(end.taskInfo().taskId());
            if (end.taskInfo().successful()) {
                SUCCEEDED_ON.add(end.taskInfo().executorId());
            } else {
                FAILED.add(new Failure(end.taskInfo().executorId(), end.reason()));
            }
        }

        @Override
        public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
            REMOVED.add(removed.executorId());
        }
    }
}
