package io.lenet5.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lenet5.OutputLock;
import io.lenet5.OutputLockTest;
import io.lenet5.TestData;
import io.lenet5.UserException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from mirrors on a local HTTP server; no real host is ever contacted. */
class DownloaderTest {
  private static final String TRAIN_IMAGES_GZ = "train-images-idx3-ubyte.gz";
  private static final String TRAIN_LABELS_GZ = "train-labels-idx1-ubyte.gz";
  private static final List<String> CACHED =
      List.of(
          OutputLock.FILE,
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz",
          TRAIN_IMAGES_GZ,
          TRAIN_LABELS_GZ);

  @TempDir Path tmp;

  private final Map<String, byte[]> files = IdxBytes.tinyMnist();

  /** MNIST as if the tiny files were its published ones. */
  private final KnownDataset known = IdxBytes.like(KnownDataset.MNIST, files);

  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicLong endlessSent = new AtomicLong();
  private final CountDownLatch endlessDone = new CountDownLatch(1);
  private HttpServer server;
  private Path cache;

  @BeforeEach
  void startServer() throws IOException {
    cache = tmp.resolve("cache");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/good/", this::serveGood);
    server.createContext("/broken/", exchange -> reply(exchange, 500, "oops".getBytes()));
    server.createContext("/missing/", exchange -> reply(exchange, 404, new byte[0]));
    // valid gzip and valid IDX, but not the content the checksum table expects
    byte[] wrong = IdxBytes.gzip(IdxBytes.images(6, 99));
    server.createContext("/corrupt/", exchange -> reply(exchange, 200, wrong));
    server.createContext("/stalling/", this::stall);
    server.createContext("/endless/", this::endless);
    server.createContext("/trickling/", this::trickle);
    server.setExecutor(executor);
    server.start();
  }

  @AfterEach
  void stopServer() {
    executor.shutdownNow(); // wakes a stalling handler, so stop need not wait for it
    server.stop(0);
  }

  /** Serves {@code <name>.gz} gzip-compressed, or 404 for an unknown name. */
  private void serveGood(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String name = path.substring(path.lastIndexOf('/') + 1).replace(".gz", "");
    byte[] content = files.get(name);
    if (content == null) {
      reply(exchange, 404, new byte[0]);
    } else {
      reply(exchange, 200, IdxBytes.gzip(content));
    }
  }

  /** Sends the headers and a few bytes, then goes silent. */
  private void stall(HttpExchange exchange) throws IOException {
    hits.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
        .incrementAndGet();
    exchange.sendResponseHeaders(200, 1_000);
    OutputStream out = exchange.getResponseBody();
    out.write(new byte[10]);
    out.flush();
    try {
      Thread.sleep(10_000);
    } catch (InterruptedException e) {
      exchange.close();
    }
  }

  /** Streams train-labels without end, counting what it sends, until the client hangs up. */
  private void endless(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().endsWith(TRAIN_LABELS_GZ)) {
      reply(exchange, 404, new byte[0]);
      return;
    }
    hits.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
        .incrementAndGet();
    exchange.sendResponseHeaders(200, 0); // chunked: no length to check up front
    try (OutputStream out = exchange.getResponseBody()) {
      byte[] block = new byte[1 << 16];
      while (endlessSent.get() < 1L << 30) {
        out.write(block);
        endlessSent.addAndGet(block.length);
      }
    } finally {
      endlessDone.countDown();
    }
  }

  /** Sends train-images one byte every 20 ms: never silent for long, never done. */
  private void trickle(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().endsWith(TRAIN_IMAGES_GZ)) {
      reply(exchange, 404, new byte[0]);
      return;
    }
    hits.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
        .incrementAndGet();
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      for (int i = 0; i < 500; i++) {
        out.write(0x1f);
        out.flush();
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      exchange.close();
    }
  }

  /** Counts the request by path and sends {@code body} with {@code status}. */
  private void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    String path = exchange.getRequestURI().getPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private URI mirror(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  /** A port nothing listens on: bound once, then released. */
  private static URI deadMirror() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }
  }

  private DataOptions options(URI... mirrors) {
    return DataOptions.defaults()
        .withEnv(Map.<String, String>of()::get)
        .withCacheDir(cache)
        .withMirrors(List.of(mirrors))
        .withRetries(1, Duration.ZERO)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20))
        .withLog(new PrintStream(log, true));
  }

  private IdxRepository repository(DataOptions options) {
    return new IdxRepository(options, known);
  }

  private List<String> cacheListing() throws IOException {
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (Stream<Path> listing = Files.list(cache)) {
      return listing.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void downloadsIntoTheCacheOnceAndReusesIt() throws IOException {
    // no trailing slash: the mirror's last path segment must survive
    DataOptions options = options(mirror("/good"));

    ImageData first = repository(options).load();
    ImageData second = repository(options).load();

    assertEquals(6, first.train().size());
    assertEquals(first.sha256(), second.sha256());
    assertEquals(CACHED, cacheListing());
    for (String name : KnownDataset.IDX_NAMES) {
      assertEquals(1, hits("/good/" + name + ".gz"), name + " downloaded once");
    }
    assertTrue(log.toString().contains("downloading " + mirror("/good/" + TRAIN_IMAGES_GZ)));
  }

  @Test
  void downloadsOnlyTheMissingFiles() throws IOException {
    Files.createDirectories(cache);
    IdxBytes.write(cache, TestData.TRAIN_IMAGES, files.get(TestData.TRAIN_IMAGES));

    repository(options(mirror("/good/"))).load();

    assertEquals(0, hits("/good/" + TRAIN_IMAGES_GZ));
    assertEquals(1, hits("/good/t10k-labels-idx1-ubyte.gz"));
  }

  @Test
  void deadAndBrokenMirrorsAreSkipped() throws IOException {
    ImageData data = repository(options(deadMirror(), mirror("/broken/"), mirror("/good/"))).load();

    assertEquals(3, data.test().size());
    assertEquals(2, hits("/broken/" + TRAIN_IMAGES_GZ), "a 500 is retried once");
    assertEquals(1, hits("/good/" + TRAIN_IMAGES_GZ));
  }

  @Test
  void stalledDownloadTimesOut() throws IOException {
    DataOptions options =
        options(mirror("/stalling/"), mirror("/good/"))
            .withRetries(0, Duration.ZERO)
            .withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(500));

    repository(options).load();

    assertEquals(1, hits("/stalling/" + TRAIN_IMAGES_GZ));
    assertTrue(log.toString().contains("  failed: no data for 0.5s"), log.toString());
    assertEquals(CACHED, cacheListing(), "only the four files and the lock, no temp file left");
  }

  @Test
  void corruptDownloadIsRejectedAndRemoved() throws IOException {
    URI corrupt = mirror("/corrupt/");
    String message =
        assertThrows(UserException.class, () -> repository(options(corrupt)).load()).getMessage();

    assertEquals(
        "could not download "
            + TRAIN_IMAGES_GZ
            + " into "
            + cache
            + ": tried "
            + corrupt.resolve(TRAIN_IMAGES_GZ)
            + " (corrupt download: expected SHA-256 "
            + IdxBytes.sha256(files.get(TestData.TRAIN_IMAGES))
            + " of the decompressed content but found "
            + IdxBytes.sha256(IdxBytes.images(6, 99))
            + "); pass --data-dir with a folder holding train-images-idx3-ubyte.gz,"
            + " train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz",
        message);
    assertEquals(
        List.of(OutputLock.FILE), cacheListing(), "no temp file and no target left behind");
    assertEquals(1, hits("/corrupt/" + TRAIN_IMAGES_GZ), "a corrupt file is not retried");

    repository(options(corrupt, mirror("/good/"))).load();
    assertEquals(CACHED, cacheListing());
  }

  @Test
  void everyMirrorFailing() throws IOException {
    URI dead = deadMirror();
    String message =
        assertThrows(
                UserException.class,
                () -> repository(options(dead, mirror("/broken/"), mirror("/missing/"))).load())
            .getMessage();

    assertEquals(
        "could not download "
            + TRAIN_IMAGES_GZ
            + " into "
            + cache
            + ": tried "
            + dead.resolve(TRAIN_IMAGES_GZ)
            + " (cannot connect, 2 attempts), "
            + mirror("/broken/" + TRAIN_IMAGES_GZ)
            + " (HTTP 500, 2 attempts), "
            + mirror("/missing/" + TRAIN_IMAGES_GZ)
            + " (HTTP 404); "
            + KnownDataset.MNIST.howToGet(),
        message);
    assertEquals(1, hits("/missing/" + TRAIN_IMAGES_GZ), "a 404 is not retried");
    assertEquals(List.of(OutputLock.FILE), cacheListing());
  }

  @Test
  void anEndlessStreamIsCutAtTheLargestTheFileCanBe() throws Exception {
    repository(options(mirror("/endless/"), mirror("/good/"))).load();

    long max = Downloader.maxBytes(known, TestData.TRAIN_LABELS);
    assertEquals(8 + 6 + 1024, max, "6 labels, and room for gzip");
    assertTrue(
        log.toString()
            .contains(
                "  failed: expected at most "
                    + max
                    + " bytes (the largest the file can be, gzipped or not) but the mirror sent"
                    + " more"),
        log.toString());
    assertEquals(1, hits("/endless/" + TRAIN_LABELS_GZ), "an oversized file is not retried");
    assertTrue(endlessDone.await(10, TimeUnit.SECONDS), "the connection was closed");
    // What the server got out before the hang-up is the cap plus what the sockets buffer.
    assertTrue(endlessSent.get() < 64 << 20, endlessSent.get() + " bytes sent");
    assertEquals(CACHED, cacheListing());
  }

  @Test
  void aTricklingMirrorGivesWayAtItsDeadline() throws IOException {
    DataOptions options =
        options(mirror("/trickling/"), mirror("/good/")).withMirrorDeadline(Duration.ofSeconds(1));

    repository(options).load();

    assertTrue(
        log.toString().contains("  failed: took longer than the 1s a mirror is given"),
        log.toString());
    assertEquals(1, hits("/trickling/" + TRAIN_IMAGES_GZ), "the deadline covers every attempt");
    assertEquals(1, hits("/good/" + TRAIN_IMAGES_GZ));
  }

  @Test
  void leftoversOfAKilledDownloadAreRemovedAndNothingElse() throws IOException {
    Files.createDirectories(cache);
    Path leftover = Files.writeString(cache.resolve(".lenet5-" + TRAIN_IMAGES_GZ + ".77.tmp"), "");
    Path someoneElses = Files.writeString(cache.resolve(TRAIN_IMAGES_GZ + ".77.tmp"), "mine");

    repository(options(mirror("/good/"))).load();

    assertTrue(Files.notExists(leftover));
    assertEquals("mine", Files.readString(someoneElses));
  }

  @Test
  void aDownloadWaitsForAnotherProcessDownloadingIntoTheCache() throws Exception {
    Process holder = OutputLockTest.holdInChild(cache, tmp.resolve("logs"));
    CompletableFuture<ImageData> load;
    try {
      load =
          CompletableFuture.supplyAsync(
              () -> repository(options(mirror("/good/"))).load(), executor);
      while (!log.toString().contains(cache + " is in use by pid " + holder.pid())) {
        assertTrue(!load.isDone(), () -> "finished without waiting: " + log);
        Thread.sleep(20);
      }
      assertTrue(log.toString().endsWith("; waiting for it\n"), log.toString());
      assertEquals(0, hits("/good/" + TRAIN_IMAGES_GZ), "nothing fetched while the cache is held");
    } finally {
      holder.destroyForcibly().waitFor();
    }

    assertEquals(6, load.get(30, TimeUnit.SECONDS).train().size());
    assertEquals(1, hits("/good/" + TRAIN_IMAGES_GZ));
  }

  @Test
  void theLargestDownloadIsTheContentPlusWhatGzipAdds() {
    String labels = KnownDataset.MNIST.files().get(KnownDataset.TRAIN_LABELS);
    assertEquals(60_008 + 60_008 / 256 + 1024, Downloader.maxBytes(KnownDataset.MNIST, labels));
    String images = KnownDataset.EMNIST_LETTERS.files().get(KnownDataset.TEST_IMAGES);
    long content = 16 + 20_800L * 784;
    assertEquals(
        content + content / 256 + 1024, Downloader.maxBytes(KnownDataset.EMNIST_LETTERS, images));
  }

  @Test
  void withoutVerificationOtherContentIsKept() throws IOException {
    byte[] other = IdxBytes.gzip(IdxBytes.images(6, 99));
    server.createContext(
        "/other/",
        exchange -> {
          if (exchange.getRequestURI().getPath().endsWith(TRAIN_IMAGES_GZ)) {
            reply(exchange, 200, other);
          } else {
            serveGood(exchange);
          }
        });

    ImageData data = repository(options(mirror("/other/")).withVerifyChecksums(false)).load();

    assertEquals(CACHED, cacheListing());
    assertEquals(IdxBytes.sha256(IdxBytes.images(6, 99)), data.sha256().get(TestData.TRAIN_IMAGES));
    assertEquals(99 & 0xff, data.train().pixel(0, 0, 0));
  }
}
