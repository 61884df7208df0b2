import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { KitComponent } from './kit-component.entity';
import { Product } from './product.entity';

@Resolver(() => KitComponent)
export class KitComponentResolver {
  @FieldResolver(() => Product, { description: 'The component product.' })
  component(@Root() row: KitComponent, @Ctx() ctx: Context) {
    return ctx.loaders.productById.load(row.component.id);
  }
}
