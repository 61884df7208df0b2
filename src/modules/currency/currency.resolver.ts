import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { PageArgs } from '../../graphql/connection';
import type { Context } from '../../graphql/context';
import { runMutation } from '../../graphql/mutation';
import { rethrowAsGraphQL } from '../../graphql/query-errors';
import { ExchangeRateFilter, ExchangeRateSetInput } from './currency.inputs';
import { listExchangeRates, setExchangeRate } from './currency.service';
import { ExchangeRateConnection, ExchangeRateSetPayload } from './currency.types';
import { ExchangeRate } from './exchange-rate.entity';

@Resolver(() => ExchangeRate)
export class ExchangeRateResolver {
  @Query(() => ExchangeRateConnection, {
    description: 'Exchange rates of foreign currencies into the company currency, by currency then newest day first.',
  })
  exchangeRates(
    @Arg('filter', () => ExchangeRateFilter, { nullable: true, description: 'Which rates.' })
    filter: ExchangeRateFilter | undefined,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
  ) {
    return listExchangeRates(ctx, filter, page).catch(rethrowAsGraphQL);
  }

  @Mutation(() => ExchangeRateSetPayload, {
    description:
      'Set the rate of a foreign currency from a day on (replacing the rate of that day if any); documents dated from that day until the next rate are converted at it.',
  })
  exchangeRateSet(
    @Arg('input', () => ExchangeRateSetInput, { description: 'See ExchangeRateSetInput.' })
    input: ExchangeRateSetInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, { input }, async (tx) => ({ exchangeRate: await setExchangeRate(tx, input) }));
  }
}
