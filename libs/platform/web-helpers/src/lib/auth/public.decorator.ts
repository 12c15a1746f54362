import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'web-helpers:is-public';

/** Lets a resolver (or one of its methods) be called without credentials; everything else requires them. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
