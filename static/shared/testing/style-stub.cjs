// Stands in for the CSS files Atlaskit's compiled components import, when the pages are rendered under jest.
module.exports = {};
