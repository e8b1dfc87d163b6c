export { createGateway, type Gateway } from './createGateway.ts';
