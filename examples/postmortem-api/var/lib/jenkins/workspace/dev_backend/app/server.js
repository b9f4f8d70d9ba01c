'use strict';
const express = require('express');
const http = require('http');
const routes = require('./routes');

const PORT = process.env.PORT || 3000;
const app = express();

app.use(express.json({ limit: '20mb' }));
app.use('/v1', routes);

const server = http.createServer(app);
server.listen(PORT, () => {
  console.log('>>>> Server started on port ' + PORT);
});
