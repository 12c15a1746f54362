// The generators, for code that composes them; `nx g @tools/starter:<name>` uses generators.json.
export { default as serviceGenerator } from './generators/service/service.generator';
export { default as eventGenerator } from './generators/event/event.generator';
export { default as consumerGenerator } from './generators/consumer/consumer.generator';
