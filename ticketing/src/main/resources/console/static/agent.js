// The agent desk: listens on its event stream and shows each call the queue connects to this agent's
// phone. The event names the call only; the pop itself is rendered by the server (/agent/pop), and
// focused so the agent can type at once.
(function () {
  const pop = document.getElementById('pop');
  const status = document.getElementById('live');
  if (!pop || !window.EventSource) {
    return;
  }
  function say(key) {
    if (status) {
      status.textContent = status.dataset[key] || '';
    }
  }
  function show(call) {
    const query = new URLSearchParams();
    if (call.uniqueId) query.set('call', call.uniqueId);
    if (call.ticket) query.set('ticket', call.ticket);
    fetch('/agent/pop?' + query.toString(), { headers: { 'X-Requested-With': 'fetch' }, credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 401) {
          window.location = '/login';
          return null;
        }
        if (!response.ok) {
          pop.textContent = (status && status.dataset.failed) || 'error ' + response.status;
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) return;
        pop.innerHTML = html; // the server's own page fragment, escaped there
        pop.dataset.call = call.uniqueId || '';
        const first = pop.querySelector('[autofocus]') || pop.querySelector('select, textarea, input:not([type=hidden])');
        (first || pop).focus();
        document.title = '☎ ' + (call.caller || '') + ' · ' + document.title.replace(/^☎ [^·]*· /, '');
      })
      .catch(function () { say('failed'); });
  }
  const events = new EventSource('/agent/events');
  events.addEventListener('open', function () { say('connected'); });
  events.addEventListener('error', function () {
    if (events.readyState === EventSource.CLOSED) {
      window.location = '/login'; // the session ended: the stream will not come back by itself
    } else {
      say('reconnecting');
    }
  });
  events.addEventListener('pop', function (event) { show(JSON.parse(event.data)); });
})();
