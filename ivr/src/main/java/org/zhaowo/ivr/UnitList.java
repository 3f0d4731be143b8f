package org.zhaowo.ivr;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/install-asterisk --api URL}: the handling units of a running service as "code<TAB>name"
 * lines, the names the installer speaks. Signs in with {@code POST /api/login}, then reads
 * {@code GET /api/units}; grids are where residents live, not who handles a ticket, and are left out.
 */
@Command(name = "unit-list", mixinStandardHelpOptions = true,
    description = "Print a running Zhaowo service's handling units as code<TAB>name lines.")
public final class UnitList implements Callable<Integer> {
  @Option(names = "--api", required = true, description = "the service, e.g. http://127.0.0.1:8080")
  String api;
  @Option(names = "--user", defaultValue = "${env:ZHAOWO_API_USER:-agent}", description = "default ${DEFAULT-VALUE} (ZHAOWO_API_USER)")
  String user;
  @Option(names = "--password", defaultValue = "${env:ZHAOWO_API_PASSWORD:-demo}", description = "default: ZHAOWO_API_PASSWORD or demo")
  String password;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public static void main(String[] args) {
    System.exit(new CommandLine(new UnitList()).execute(args));
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    String base = api.replaceAll("/+$", "");
    HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", user).put("password", password).encode())));
    if (login.statusCode() != 200) {
      System.err.println("Login as " + user + " at " + base + " failed: HTTP " + login.statusCode() + " " + login.body());
      return 1;
    }
    String token = new JsonObject(login.body()).getString("token");
    HttpResponse<String> units = send(HttpRequest.newBuilder(URI.create(base + "/api/units"))
        .header("Authorization", "Bearer " + token).GET());
    if (units.statusCode() != 200) {
      System.err.println("GET " + base + "/api/units failed: HTTP " + units.statusCode() + " " + units.body());
      return 1;
    }
    for (Object item : new JsonArray(units.body())) {
      JsonObject unit = (JsonObject) item;
      if (!"grid".equals(unit.getString("level"))) {
        System.out.println(unit.getString("code") + "\t" + unit.getString("name").replaceAll("[\t\n]", " "));
      }
    }
    return 0;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
