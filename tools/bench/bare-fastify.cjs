/**
 * The HTTP ceiling (docs/requirements.md "Performance"): a bare Fastify "hello" on the same Node, no plugins, no logger.
 * Started as a child process by the benchmark: node tools/bench/bare-fastify.cjs <port>
 */
const fastify = require('fastify')({ logger: false });

fastify.get('/', async () => ({ hello: 'world' }));
fastify.listen({ port: Number(process.argv[2]), host: '127.0.0.1' }).then(() => process.send?.('ready'));
