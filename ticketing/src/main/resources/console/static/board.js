// The KPI charts of the board (/board/kpis) and of the public results page (/results), drawn by Apache
// ECharts from the WebJar. Each chart is a div with data-chart="weeks" or "units" and its data either
// fetched from data-src (the board's kpis.json) or given in data-kpis (the public page, no session).
// The same numbers are in a table below each chart; the page's CSP allows no inline script or style.
(function () {
  'use strict';

  var fetched = {};

  function load(div) {
    if (div.dataset.kpis) {
      return Promise.resolve(JSON.parse(div.dataset.kpis));
    }
    var src = div.dataset.src;
    if (!fetched[src]) {
      fetched[src] = fetch(src, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status + ' ' + response.statusText);
          }
          return response.json();
        });
    }
    return fetched[src];
  }

  function percent(rate) {
    return rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10;
  }

  /** A target as a dashed horizontal line on the rate axis (ECharts markLine). */
  function target(label, rate) {
    return {
      silent: true,
      symbol: 'none',
      lineStyle: { type: 'dashed', width: 2 },
      label: { formatter: label + ' ' + Math.round(rate * 100) + '%', position: 'insideEndTop' },
      data: [{ yAxis: rate * 100 }]
    };
  }

  function options(data, kind) {
    var labels = data.labels;
    var rows = kind === 'weeks' ? data.weeks : data.units;
    function counts(key) { return rows.map(function (r) { return r[key]; }); }
    function rates(key) { return rows.map(function (r) { return percent(r[key]); }); }
    function rate(key, line) {
      var series = { name: labels[key], type: 'line', yAxisIndex: 1, data: rates(key), connectNulls: true, symbolSize: 7 };
      if (line) {
        series.markLine = target(labels.target, data.targets[key]);
      }
      return series;
    }
    return {
      animation: false,
      title: { text: kind === 'weeks' ? labels.byWeek : labels.byUnit, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 16, right: 16, top: 44, bottom: 48, containLabel: true },
      xAxis: {
        type: 'category',
        data: rows.map(function (r) { return kind === 'weeks' ? r.week : r.name; }),
        axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 }
      },
      yAxis: [
        { type: 'value', minInterval: 1, name: labels.received + ' / ' + labels.resolved, nameTextStyle: { align: 'left' } },
        { type: 'value', min: 0, max: 100, name: '%', splitLine: { show: false } }
      ],
      series: [
        { name: labels.received, type: 'bar', data: counts('received') },
        { name: labels.resolved, type: 'bar', data: counts('resolved') },
        rate('onTimeRate', false),
        rate('oneTimeCompletionRate', true),
        rate('callbackRate', false),
        rate('satisfactionRate', true)
      ]
    };
  }

  function draw(div) {
    load(div).then(function (data) {
      var chart = echarts.init(div, null, { renderer: 'canvas' });
      chart.setOption(options(data, div.dataset.chart));
      window.addEventListener('resize', function () { chart.resize(); });
      div.dataset.drawn = 'true';
    }).catch(function (e) {
      div.textContent = String(e.message || e);
      div.classList.add('failed');
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (typeof echarts === 'undefined') {
      return; // the table below says the same
    }
    document.querySelectorAll('[data-chart]').forEach(draw);
  });
})();
