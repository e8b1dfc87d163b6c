import { describeObservationsRoute } from '../testing/describeObservationsRoute.ts';

describeObservationsRoute('SQLite', () => ({}));
