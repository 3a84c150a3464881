// The @nestjs/swagger compiler plugin, one set of options for the webpack build and for ts-jest, so
// the OpenAPI document a spec reads is the one the built API serves. It writes the schema of every
// request and response class from its TypeScript types, class-validator rules and doc comments.
const swaggerPlugin = require('@nestjs/swagger/plugin');

const options = {
  // Request bodies and queries are in `*-requests.ts` (a few in `*-request.ts`), the classes that
  // describe answers in `*-responses.ts`.
  dtoFileNameSuffix: ['-requests.ts', '-request.ts', '-responses.ts'],
  controllerFileNameSuffix: ['-controller.ts'],
  classValidatorShim: true,
  introspectComments: true,
};

module.exports = {
  options,
  // ts-jest's astTransformers shape: the plugin needs the type checker, which ts-jest's compiler holds.
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (tsCompiler) => swaggerPlugin.before(options, tsCompiler.program),
};
