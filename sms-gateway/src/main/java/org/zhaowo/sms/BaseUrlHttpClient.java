package org.zhaowo.sms;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.util.List;
import java.util.Map;

/**
 * twilio-java has no base-URL setting: this client moves each request from https://api.twilio.com
 * to TWILIO_API_URL (a regional edge, or a local fake) and hands it to the library's own client.
 */
final class BaseUrlHttpClient extends HttpClient {
  private final String base;
  private final NetworkHttpClient network = new NetworkHttpClient();

  BaseUrlHttpClient(String base) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  @Override
  public Response makeRequest(Request request) {
    String url = request.getUrl().replaceFirst("^https?://[^/]+", base);
    Request moved = new Request(request.getMethod(), url);
    copy(request.getQueryParams(), moved::addQueryParam);
    copy(request.getPostParams(), moved::addPostParam);
    copy(request.getHeaderParams(), moved::addHeaderParam);
    if (request.getAuthStrategy() != null) {
      moved.setAuth(request.getAuthStrategy());
    } else if (request.getUsername() != null) {
      moved.setAuth(request.getUsername(), request.getPassword());
    }
    if (request.getContentType() != null) {
      moved.setContentType(request.getContentType());
    }
    if (request.getBody() != null) {
      moved.setBody(request.getBody());
    }
    return network.makeRequest(moved);
  }

  private static void copy(Map<String, List<String>> params, java.util.function.BiConsumer<String, String> into) {
    params.forEach((name, values) -> values.forEach(value -> into.accept(name, value)));
  }
}
