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
  // ts-jest's astTransformers shape. The plugin needs the program being emitted: ts-jest's public
  // `program` is the one its language service started with (no files yet, as the spec tsconfig
  // lists only specs), so the types of other modules would read as `object`. ts-jest asks for the
  // transformers at each emit, when the language service's current program is the right one.
  name: 'nestjs-swagger-plugin',
  // Part of ts-jest's cache key: raise it when the options or this factory change.
  version: 2,
  factory: (tsCompiler) =>
    swaggerPlugin.before(options, tsCompiler._languageService?.getProgram() ?? tsCompiler.program),
};
