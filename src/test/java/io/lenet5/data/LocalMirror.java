package io.lenet5.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A mirror on 127.0.0.1 that serves fixed files under {@code /<dataset>/<file>} and counts the
 * requests; 404 for any other file. No real host is ever contacted.
 */
final class LocalMirror implements AutoCloseable {
  private final HttpServer server;
  private final String path;
  private final Map<String, byte[]> files;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

  private LocalMirror(String path, Map<String, byte[]> files) throws IOException {
    this.path = path;
    this.files = Map.copyOf(files);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  /** Starts a mirror serving {@code files} (file name, e.g. {@code x.gz}, to its bytes). */
  static LocalMirror serving(String path, Map<String, byte[]> files) {
    try {
      return new LocalMirror(path, files);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL, without a trailing slash, as a user may write it. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
  }

  /** Requests for {@code file} so far. */
  int hits(String file) {
    AtomicInteger count = hits.get(file);
    return count == null ? 0 : count.get();
  }

  private void serve(HttpExchange exchange) throws IOException {
    String prefix = "/" + path + "/";
    String requested = exchange.getRequestURI().getPath();
    byte[] body =
        requested.startsWith(prefix) ? files.get(requested.substring(prefix.length())) : null;
    if (body != null) {
      hits.computeIfAbsent(requested.substring(prefix.length()), f -> new AtomicInteger())
          .incrementAndGet();
    }
    exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      if (body != null) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
