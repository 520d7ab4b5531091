// Ilmo's embeddable views: tells the page that frames this one how tall it is, so that page can fit
// the iframe to it (docs/embedding.md). Sent to each configured origin by name: the browser drops
// a message whose target origin is not the parent's, so no other site learns anything. Nothing on
// the page depends on it; without it the frame keeps the height the embedding snippet gives it.
(function () {
	var script = document.currentScript;
	var listed = (script && script.getAttribute('data-origins')) || '';
	var origins = listed.split(' ').filter(Boolean);
	if (window.parent === window || origins.length === 0) return;
	function report() {
		var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
		for (var i = 0; i < origins.length; i++) {
			window.parent.postMessage({ type: 'ilmo:height', height: height }, origins[i]);
		}
	}
	window.addEventListener('load', report);
	if (typeof ResizeObserver === 'function') {
		new ResizeObserver(report).observe(document.documentElement);
	}
})();
