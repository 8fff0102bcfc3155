// Charts (Apache ECharts, served by the app): the portfolio matrix and an account's sales trend.
// The data and every word come from the page as a JSON script (`json_script`); nothing is
// inline, so the content security policy holds. ECharts is loaded once, only on pages with a
// chart, and charts inside content that htmx swaps in are drawn when it arrives.
(function () {
  "use strict";

  var TIER_COLOURS = { A: "#7a1712", B: "#c0392b", C: "#d98f16", D: "#7d868f", "": "#aab2ba" };
  var QUADRANT_FILL = {
    invest: "rgba(25, 135, 84, 0.07)",
    develop: "rgba(13, 110, 253, 0.06)",
    maintain: "rgba(255, 193, 7, 0.09)",
    streamline: "rgba(108, 117, 125, 0.06)",
  };
  var LABELLED = 10;
  var loading = null;

  function loadECharts(src) {
    if (window.echarts) return Promise.resolve(window.echarts);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = function () { resolve(window.echarts); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function readData(element) {
    var source = document.getElementById(element.dataset.chartData);
    return source ? JSON.parse(source.textContent) : null;
  }

  function node(tag, className, text) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  // A DOM node, not HTML: names come from users, and the CSP refuses inline styles.
  function portfolioTooltip(point, words) {
    var box = node("div", "chart-tip");
    box.appendChild(node("div", "chart-tip-title", point.name));
    if (point.code) box.appendChild(node("div", "chart-tip-code", point.code));
    var facts = node("dl", "chart-tip-facts");
    [
      [words.score, point.score + (point.held ? " ↓" : "")],
      [words.strength, point.strength],
      [words.revenue, point.revenueText],
      [words.quadrant, point.quadrant],
    ].forEach(function (pair) {
      facts.appendChild(node("dt", "", pair[0]));
      facts.appendChild(node("dd", "", pair[1]));
    });
    box.appendChild(facts);
    if (point.held) box.appendChild(node("div", "chart-tip-note", "↓ " + words.held));
    if (point.flags.length) {
      var flags = node("div", "chart-tip-flags");
      point.flags.forEach(function (flag) { flags.appendChild(node("span", "chart-tip-flag", flag)); });
      box.appendChild(flags);
    }
    box.appendChild(node("div", "chart-tip-open", words.open));
    return box;
  }

  function quadrantAreas(data) {
    var x = data.lines.x, y = data.lines.y, q = data.quadrants;
    function area(name, x0, y0, x1, y1, position) {
      return [
        { name: q[name], xAxis: x0, yAxis: y0, itemStyle: { color: QUADRANT_FILL[name] },
          label: { position: position } },
        { xAxis: x1, yAxis: y1 },
      ];
    }
    return [
      area("develop", 0, y, x, 100, "insideTopLeft"),
      area("invest", x, y, 100, 100, "insideTopRight"),
      area("streamline", 0, 0, x, y, "insideBottomLeft"),
      area("maintain", x, 0, 100, y, "insideBottomRight"),
    ];
  }

  var GRID = { left: 48, right: 20, top: 36, bottom: 44 };
  var LABEL_FONT = "11px sans-serif";  // ECharts' default family, at the labels' size
  var measuring = null;

  function textWidth(text) {
    measuring = measuring || document.createElement("canvas").getContext("2d");
    measuring.font = LABEL_FONT;
    return measuring.measureText(text).width;
  }

  var NAME_HALF_HEIGHT = 8;  // half a name's height, with its white edge
  var NAME_DISTANCE = 5;  // ECharts' label.distance: from the bubble's edge to its name

  // Which bubbles get their name beside them, and where: the largest first, each to the
  // right, the left, above or below, only where the name stays inside the plot, off every
  // other bubble and clear of the names placed before it (ECharts' own hideOverlap does
  // not work for scatter labels). A name with no such place is left to the tooltip and
  // the table under the chart.
  function placeNames(bigFirst, size, width, height) {
    var plotW = width - GRID.left - GRID.right, plotH = height - GRID.top - GRID.bottom;
    var discs = bigFirst.map(function (p) {
      return { url: p.url, x: GRID.left + plotW * p.x / 100, y: GRID.top + plotH * (1 - p.y / 100),
        r: size(p) / 2 };
    });
    function inside(box) {
      return box[0] >= GRID.left && box[2] <= width - GRID.right &&
        box[1] >= GRID.top && box[3] <= height - GRID.bottom;
    }
    function offBubbles(box, own) {
      return discs.every(function (disc) {
        if (disc.url === own) return true;
        var dx = Math.max(box[0] - disc.x, 0, disc.x - box[2]);
        var dy = Math.max(box[1] - disc.y, 0, disc.y - box[3]);
        return dx * dx + dy * dy > disc.r * disc.r;
      });
    }
    var placed = [], sides = {};
    discs.forEach(function (disc, index) {
      if (placed.length >= LABELLED) return;
      var p = bigFirst[index], w = textWidth(p.short), h = NAME_HALF_HEIGHT;
      var gap = disc.r + NAME_DISTANCE, x = disc.x, y = disc.y;
      var boxes = {
        right: [x + gap, y - h, x + gap + w, y + h],
        left: [x - gap - w, y - h, x - gap, y + h],
        top: [x - w / 2, y - gap - 2 * h, x + w / 2, y - gap],
        bottom: [x - w / 2, y + gap, x + w / 2, y + gap + 2 * h],
      };
      ["right", "left", "top", "bottom"].some(function (side) {
        var box = boxes[side];
        var clear = inside(box) && offBubbles(box, p.url) && placed.every(function (other) {
          return box[2] < other[0] || box[0] > other[2] || box[3] < other[1] || box[1] > other[3];
        });
        if (clear) { placed.push(box); sides[p.url] = side; }
        return clear;
      });
    });
    return sides;
  }

  function portfolioOption(data, width, height) {
    var roomy = width >= 600;  // names beside the bubbles only where there is room for them
    var largest = data.points.reduce(function (most, p) { return Math.max(most, p.revenue); }, 0);
    function size(point) {
      return largest > 0 ? 6 + (roomy ? 40 : 26) * Math.sqrt(point.revenue / largest) : 12;
    }
    var bigFirst = data.points.slice().sort(function (a, b) { return b.revenue - a.revenue; });
    // Names beside the largest bubbles only: a crowd of names reads as none.
    var sides = roomy ? placeNames(bigFirst, size, width, height) : {};
    var series = data.series.map(function (s) {
      return {
        name: s.label,
        type: "scatter",
        data: bigFirst
          .filter(function (p) { return p.tier === s.tier; })
          .map(function (p) {
            var label = sides[p.url] ? { show: true, position: sides[p.url] } : { show: false };
            return Object.assign({ value: [p.x, p.y] }, p, { label: label });
          }),
        symbolSize: function (_value, params) { return size(params.data); },
        itemStyle: { color: TIER_COLOURS[s.tier], opacity: 0.78, borderColor: "#fff", borderWidth: 1 },
        emphasis: { scale: 1.15, itemStyle: { opacity: 1, borderColor: "#212529" } },
        label: {  // a white edge keeps a name readable over the quadrants' lines
          color: "#343a40", fontSize: 11, textBorderColor: "#fff", textBorderWidth: 2,
          formatter: function (params) { return params.data.short; },
        },
        cursor: "pointer",
      };
    }).filter(function (s) { return s.data.length; });
    series.push({
      name: "quadrants",
      type: "scatter",
      data: [],
      silent: true,
      markArea: {
        silent: true,
        label: { color: "#495057", fontSize: 13, fontWeight: "bold" },
        data: quadrantAreas(data),
      },
      markLine: {
        silent: true, symbol: "none", label: { show: false },
        lineStyle: { color: "#868e96", type: "dashed", width: 1 },
        data: [{ xAxis: data.lines.x }, { yAxis: data.lines.y }],
      },
    });
    return {
      animation: false,
      aria: { enabled: false },  // the container carries its own label; the table has the data
      grid: Object.assign({ containLabel: false }, GRID),
      legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 },
        data: series.filter(function (s) { return s.name !== "quadrants"; }).map(function (s) { return s.name; }) },
      tooltip: {
        trigger: "item", confine: true, backgroundColor: "#fff", borderColor: "#ced4da",
        padding: 0, extraCssText: "box-shadow: 0 .25rem .75rem rgba(0,0,0,.12);",
        formatter: function (params) { return portfolioTooltip(params.data, data.words); },
      },
      xAxis: { type: "value", min: 0, max: 100, name: data.axes.x, nameLocation: "middle",
        nameGap: 26, splitLine: { show: false } },
      yAxis: { type: "value", min: 0, max: 100, name: data.axes.y, nameLocation: "middle",
        nameGap: 32, splitLine: { show: false } },
      series: series,
    };
  }

  function moneyAxis(data) {
    return function (value) {
      return value === 0 ? "0" : (value / data.money.divisor).toLocaleString() + data.money.suffix;
    };
  }

  function trendOption(data, period) {
    var figures = data.periods[period];
    return {
      animation: false,
      aria: { enabled: false },
      grid: { left: 56, right: 48, top: 36, bottom: 32 },
      legend: { top: 0, left: 0, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: "axis", confine: true,
        valueFormatter: function (value) { return value === null || value === undefined ? "—" : value.toLocaleString(); },
      },
      // A quarter or a year is counted back from the as-of date, so it is named on the axis
      // by its last month, and in full ("2024-01 … 2024-03") in the tooltip.
      xAxis: { type: "category", data: figures.labels, axisLabel: { hideOverlap: true, fontSize: 11,
        formatter: function (_label, index) { return figures.ends[index]; } } },
      yAxis: [  // named by the legend above
        { type: "value", axisLabel: { formatter: moneyAxis(data) },
          splitLine: { lineStyle: { color: "#eef0f2" } } },
        { type: "value", axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
      ],
      series: [
        { name: data.words.revenue, type: "bar", data: figures.revenue, itemStyle: { color: "#c0392b" },
          barMaxWidth: 36 },
        { name: data.words.margin, type: "line", yAxisIndex: 1, data: figures.margin, connectNulls: false,
          itemStyle: { color: "#0a58ca" }, lineStyle: { width: 2 }, symbolSize: 6 },
      ],
    };
  }

  var builders = {
    portfolio: function (chart, data) {
      chart.setOption(portfolioOption(data, chart.getWidth(), chart.getHeight()));
      chart.on("click", function (params) {
        if (params.data && params.data.url) window.location.assign(params.data.url);
      });
      return function resized() {  // the names placed again for the new size
        chart.setOption(portfolioOption(data, chart.getWidth(), chart.getHeight()),
          { replaceMerge: ["series"] });
      };
    },
    trend: function (chart, data, element) {
      chart.setOption(trendOption(data, element.dataset.period || data.default));
    },
  };

  function draw(element, echarts) {
    if (element.dataset.chartReady || !document.body.contains(element)) return;
    var data = readData(element);
    var build = builders[element.dataset.chart];
    if (!data || !build) return;
    var chart = echarts.init(element, null, { renderer: "canvas" });
    var resized = build(chart, data, element);
    element.dataset.chartReady = "true";
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        chart.resize();
        if (resized) resized();
      }).observe(element);
    }
  }

  function drawAll(root) {
    var elements = (root || document).querySelectorAll("[data-chart]");
    if (!elements.length) return;
    loadECharts(elements[0].dataset.echarts).then(function (echarts) {
      elements.forEach(function (element) { draw(element, echarts); });
    });
  }

  // The month · quarter · year switch of a trend chart.
  document.addEventListener("change", function (event) {
    var input = event.target.closest("[data-chart-period]");
    if (!input || !window.echarts) return;
    var element = document.getElementById(input.dataset.chartTarget);
    var chart = element && window.echarts.getInstanceByDom(element);
    if (!chart) return;
    element.dataset.period = input.value;
    chart.setOption(trendOption(readData(element), input.value), { replaceMerge: ["series"] });
  });

  // Content htmx is about to throw away takes its charts with it.
  document.addEventListener("htmx:beforeCleanupElement", function (event) {
    var element = event.target;
    if (element.dataset && element.dataset.chartReady && window.echarts) {
      var chart = window.echarts.getInstanceByDom(element);
      if (chart) chart.dispose();
    }
  });
  document.addEventListener("htmx:load", function (event) { drawAll(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
})();
