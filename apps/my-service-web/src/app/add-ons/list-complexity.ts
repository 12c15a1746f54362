import type { ComplexityEstimatorArgs } from '@nestjs/graphql';

/** A provider has at most a catalog's worth of add-ons; 10 leaves room for the catalog to grow. */
export const ADD_ON_LIST_SIZE = 10;

/** Cost of a field returning a provider's add-ons: each item costs what is selected on it. */
export const addOnListComplexity = ({ childComplexity }: ComplexityEstimatorArgs): number =>
  1 + ADD_ON_LIST_SIZE * childComplexity;
