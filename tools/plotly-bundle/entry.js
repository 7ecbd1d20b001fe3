// The plotly.js partial bundle of the book: the core (which always carries the scatter trace) and the
// heatmap trace, nothing else. Which traces the book draws is checked by tests/test_figures.py.
'use strict';
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/heatmap')]);

module.exports = Plotly;
