// The shared Leaflet map. Tiles come from settings (the #map-config JSON); without them the
// markers sit on a blank background with a scale, which is enough to see where points cluster.
(function () {
  "use strict";
  var HUAINAN = [32.63, 116.99];

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function create(el) {
    var configEl = document.getElementById("map-config");
    if (!el || !configEl || !window.L) return null;
    var config = JSON.parse(configEl.textContent);
    var maxZoom = config.maxZoom || 18;
    var map = window.L.map(el, { preferCanvas: true, maxZoom: maxZoom }).setView(HUAINAN, 11);
    (config.tiles || []).forEach(function (template) {
      window.L.tileLayer(template, { subdomains: config.subdomains || "abc", maxZoom: maxZoom, attribution: config.attribution || "" }).addTo(map);
    });
    window.L.control.scale({ imperial: false }).addTo(map);
    // Leaflet's default prefix carries a flag; a government map shows the library's name only.
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    return map;
  }

  function load(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); });
  }

  // points: [{lat, lon, …}]; style(point) → circleMarker options; popup(point) → HTML.
  function plot(map, el, points, style, popup, countText) {
    var bounds = [];
    points.forEach(function (point) {
      window.L.circleMarker([point.lat, point.lon], style(point)).addTo(map).bindPopup(popup(point));
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    var count = document.querySelector("[data-testid=map-count]");
    if (count && countText) count.textContent = countText;
    el.dataset.markerCount = String(points.length);
  }

  function onReady(start) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
  }

  // A map class (web/maps.py: a site's latest result, a case's state) is coloured by the CSS
  // class wm-c-<class> (web/app.css): the CSP allows no inline style attributes.
  function dot(kind) { return '<span class="wm-legend-dot wm-c-' + escapeHtml(kind) + '"></span>'; }

  function breakdown(counts, classes) {
    return Object.keys(counts).map(function (kind) {
      return dot(kind) + escapeHtml(classes[kind] || kind) + " " + counts[kind];
    }).join("<br>");
  }

  function clusterIcon(cluster) {
    var size = cluster.count < 10 ? 30 : cluster.count < 100 ? 36 : cluster.count < 1000 ? 44 : 52;
    return window.L.divIcon({
      className: "wm-cluster wm-c-" + cluster.worst,
      iconSize: [size, size],
      html: '<span data-testid="map-cluster" data-count="' + cluster.count + '">' + cluster.count + "</span>"
    });
  }

  function itemIcon(item) {
    return window.L.divIcon({
      className: "wm-item wm-c-" + item["class"],
      iconSize: [22, 22],
      html: '<span data-testid="map-item" data-id="' + item.id + '"></span>'
    });
  }

  // The viewport-driven layer: on every move the server answers clusters and single items for
  // the visible box and zoom (/map/clusters.json). A cluster zooms in; an item opens its popup
  // with the link to its page. el.dataset: clustersUrl, layer, params (the list's filters).
  function clustered(map, el, options) {
    options = options || {};
    var group = window.L.layerGroup().addTo(map);
    var legend = options.legend || null;
    var countEl = options.count || document.querySelector("[data-testid=map-count]");
    var sequence = 0;
    function url(bbox, zoom) {
      var query = (el.dataset.params ? el.dataset.params + "&" : "") + "layer=" + encodeURIComponent(el.dataset.layer) +
        "&bbox=" + bbox + "&zoom=" + zoom;
      return el.dataset.clustersUrl + "?" + query;
    }
    function draw(data) {
      group.clearLayers();
      data.clusters.forEach(function (cluster) {
        var marker = window.L.marker([cluster.lat, cluster.lng], { icon: clusterIcon(cluster), keyboard: true, title: cluster.count + "" });
        marker.bindTooltip(breakdown(cluster.counts, data.classes));
        marker.on("click", function () {
          if (map.getZoom() >= map.getMaxZoom()) {
            marker.bindPopup(breakdown(cluster.counts, data.classes)).openPopup();
          } else {
            map.setView([cluster.lat, cluster.lng], Math.min(map.getZoom() + 2, map.getMaxZoom()));
          }
        });
        group.addLayer(marker);
      });
      data.items.forEach(function (item) {
        var marker = window.L.marker([item.lat, item.lng], { icon: itemIcon(item), title: item.name });
        marker.bindPopup('<div class="wm-map-popup"><a data-testid="map-item-link" href="' + escapeHtml(item.url) + '">' +
          escapeHtml(item.name) + "</a><br>" + escapeHtml(data.classes[item["class"]] || "") +
          (item.type ? " · " + escapeHtml(item.type) : "") + (item.unit ? " · " + escapeHtml(item.unit) : "") + "</div>");
        group.addLayer(marker);
      });
      if (legend && !legend.dataset.ready) {
        legend.innerHTML = Object.keys(data.classes).map(function (kind) {
          return '<span class="text-nowrap me-2">' + dot(kind) + escapeHtml(data.classes[kind]) + "</span>";
        }).join(" ");
        legend.dataset.ready = "1";
      }
      if (countEl && options.countText) countEl.textContent = options.countText(data.total);
      el.dataset.total = String(data.total);
      el.dataset.zoom = String(map.getZoom());
      el.dataset.ready = "1";
    }
    function refresh() {
      var mine = ++sequence;
      el.dataset.ready = "";
      load(url(map.getBounds().toBBoxString(), map.getZoom())).then(function (data) {
        if (mine === sequence) draw(data);
      });
    }
    // The first request covers everything in scope at the coarsest grid; the map fits it and
    // from then on asks by viewport on every move.
    load(url("-180,-90,180,90", 3)).then(function (data) {
      if (data.bounds) map.fitBounds(data.bounds, { padding: [24, 24], maxZoom: 15, animate: false });
      map.on("moveend", refresh);
      refresh();
    });
    return { refresh: refresh };
  }

  window.WenmingMap = { create: create, load: load, plot: plot, clustered: clustered, escapeHtml: escapeHtml, onReady: onReady };
})();
