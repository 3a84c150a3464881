/**
 * P1: Nest on Fastify answering "hello" — the framework's own cost over bare Fastify, with the same
 * adapter and Nest versions and the same adapter options as the product, no database. Written without TypeScript decorators so it
 * starts without a build: node tools/bench/nest-hello.cjs <port>
 */
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

class HelloController {
  hello() {
    return { hello: 'world' };
  }
}
Get()(
  HelloController.prototype,
  'hello',
  Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'),
);
Controller()(HelloController);

class HelloModule {}
Module({ controllers: [HelloController] })(HelloModule);

async function main() {
  // Configured like the product (libs/api/platform http-setup.ts): no Express-style middleware, so no middie.
  const app = await NestFactory.create(HelloModule, new FastifyAdapter({ skipMiddie: true }), {
    logger: false,
  });
  await app.listen(Number(process.argv[2]), '127.0.0.1');
  process.send?.('ready');
}
main();
