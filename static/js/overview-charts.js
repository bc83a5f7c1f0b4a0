/* The staff overview's charts: each element [data-chart="ID"] is drawn with Chart.js from the
   JSON of <script id="ID" type="application/json"> (written by json_script from
   prize.overview.chart). An enhancement: without JavaScript, or if Chart.js did not load, the
   chart stays hidden and the table beside it gives the same figures. No inline script and no
   style attribute is written (the Content-Security-Policy forbids both): Chart.js sizes its
   canvas through the CSS object model only. */
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return;
  }
  var reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var ink = "#212529";
  var grid = "#ced4da";

  function config(data) {
    var horizontal = Boolean(data.horizontal);
    var line = data.type === "line";
    var valueAxis = {
      beginAtZero: true,
      stacked: Boolean(data.stacked),
      ticks: { color: ink, precision: 0 },
      grid: { color: grid }
    };
    var labelAxis = {
      stacked: Boolean(data.stacked),
      ticks: { color: ink, autoSkip: true, maxRotation: 0 },
      grid: { display: false }
    };
    return {
      type: data.type,
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set, index) {
          return {
            label: set.label,
            data: set.data,
            backgroundColor: set.colour,
            borderColor: set.colour,
            borderWidth: line ? 2 : 1,
            // a second cue besides colour: each series has its own point shape and line dash
            pointStyle: ["circle", "rect", "triangle", "rectRot", "star", "cross"][index % 6],
            borderDash: line && index ? [6, 3] : [],
            pointRadius: line ? 2 : 0,
            fill: false,
            tension: 0
          };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reduced ? false : { duration: 300 },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
        plugins: {
          legend: {
            display: data.datasets.length > 1,
            position: "bottom",
            labels: { color: ink, usePointStyle: true, boxWidth: 10 }
          },
          title: { display: false }
        }
      }
    };
  }

  document.querySelectorAll("[data-chart]").forEach(function (holder) {
    var source = document.getElementById(holder.getAttribute("data-chart"));
    var canvas = holder.querySelector("canvas");
    if (!source || !canvas) {
      return;
    }
    var data;
    try {
      data = JSON.parse(source.textContent);
    } catch (error) {
      return;
    }
    holder.hidden = false;
    holder.classList.add("overview-chart-" + (data.horizontal ? "wide" : "tall"));
    new window.Chart(canvas, config(data));
    holder.setAttribute("data-drawn", "true");
  });
})();
