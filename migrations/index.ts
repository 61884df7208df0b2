import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122224148 } from './Migration20261122224148';
import { Migration20261122230449 } from './Migration20261122230449';
import { Migration20261122232336 } from './Migration20261122232336';
import { Migration20261124192500 } from './Migration20261124192500';
import { Migration20261124193344 } from './Migration20261124193344';
import { Migration20261124193345AuditAppendOnly } from './Migration20261124193345AuditAppendOnly';
import { Migration20261124193551 } from './Migration20261124193551';
import { Migration20261124194917 } from './Migration20261124194917';
import { Migration20261124194918 } from './Migration20261124194918';
import { Migration20261124194931 } from './Migration20261124194931';
import { Migration20261124194932 } from './Migration20261124194932';
import { Migration20261124212330 } from './Migration20261124212330';
import { Migration20261124212849 } from './Migration20261124212849';
import { Migration20261124214000PeriodLockSerialized } from './Migration20261124214000PeriodLockSerialized';
import { Migration20261124221500 } from './Migration20261124221500';
import { Migration20261125002050 } from './Migration20261125002050';
import { Migration20261206231736 } from './Migration20261206231736';
import { Migration20261206233000QuantCauseId } from './Migration20261206233000QuantCauseId';
import { Migration20261207021107StockPairFigures } from './Migration20261207021107StockPairFigures';
import { Migration20261207021108 } from './Migration20261207021108';
import { Migration20261207021500FlushInChunks } from './Migration20261207021500FlushInChunks';
import { Migration20261207021605 } from './Migration20261207021605';
import { Migration20261207021736 } from './Migration20261207021736';
import { Migration20261207023911 } from './Migration20261207023911';
import { Migration20261207030000StockLevelCauses } from './Migration20261207030000StockLevelCauses';
import { Migration20261207030415 } from './Migration20261207030415';
import { Migration20261207040000CompanySequence } from './Migration20261207040000CompanySequence';
import { Migration20261207045000KitEventsSequenced } from './Migration20261207045000KitEventsSequenced';
import { Migration20261207050000OpeningBalance } from './Migration20261207050000OpeningBalance';
import { Migration20261207051000PriceBreaks } from './Migration20261207051000PriceBreaks';
import { Migration20261207053321 } from './Migration20261207053321';
import { Migration20261207054000JournalCheckOnce } from './Migration20261207054000JournalCheckOnce';
import { Migration20261207055000PurchasingEvents } from './Migration20261207055000PurchasingEvents';
import { Migration20261207055100Currencies } from './Migration20261207055100Currencies';
import { Migration20261207060500ChannelBuffers } from './Migration20261207060500ChannelBuffers';
import { Migration20261207063000VendorPayments } from './Migration20261207063000VendorPayments';
import { Migration20261207064000SupplierReturnsCreditNotes } from './Migration20261207064000SupplierReturnsCreditNotes';
import { Migration20261207070000KitPreviousComponents } from './Migration20261207070000KitPreviousComponents';
import { Migration20261207071000ChannelBuffersSetBased } from './Migration20261207071000ChannelBuffersSetBased';
import { Migration20261207080000ForeignCurrencyPayments } from './Migration20261207080000ForeignCurrencyPayments';

/** Applied in this order; `npm run db:migration:create` appends new ones. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122224148', class: Migration20261122224148 },
  { name: 'Migration20261122230449', class: Migration20261122230449 },
  { name: 'Migration20261122232336', class: Migration20261122232336 },
  { name: 'Migration20261124192500', class: Migration20261124192500 },
  { name: 'Migration20261124193344', class: Migration20261124193344 },
  { name: 'Migration20261124193345AuditAppendOnly', class: Migration20261124193345AuditAppendOnly },
  { name: 'Migration20261124193551', class: Migration20261124193551 },
  { name: 'Migration20261124194917', class: Migration20261124194917 },
  { name: 'Migration20261124194918', class: Migration20261124194918 },
  { name: 'Migration20261124194931', class: Migration20261124194931 },
  { name: 'Migration20261124194932', class: Migration20261124194932 },
  { name: 'Migration20261124212330', class: Migration20261124212330 },
  { name: 'Migration20261124212849', class: Migration20261124212849 },
  { name: 'Migration20261124214000PeriodLockSerialized', class: Migration20261124214000PeriodLockSerialized },
  { name: 'Migration20261124221500', class: Migration20261124221500 },
  { name: 'Migration20261125002050', class: Migration20261125002050 },
  { name: 'Migration20261206231736', class: Migration20261206231736 },
  { name: 'Migration20261206233000QuantCauseId', class: Migration20261206233000QuantCauseId },
  { name: 'Migration20261207021107StockPairFigures', class: Migration20261207021107StockPairFigures },
  { name: 'Migration20261207021108', class: Migration20261207021108 },
  { name: 'Migration20261207021500FlushInChunks', class: Migration20261207021500FlushInChunks },
  { name: 'Migration20261207021605', class: Migration20261207021605 },
  { name: 'Migration20261207021736', class: Migration20261207021736 },
  { name: 'Migration20261207023911', class: Migration20261207023911 },
  { name: 'Migration20261207030000StockLevelCauses', class: Migration20261207030000StockLevelCauses },
  { name: 'Migration20261207030415', class: Migration20261207030415 },
  { name: 'Migration20261207040000CompanySequence', class: Migration20261207040000CompanySequence },
  { name: 'Migration20261207045000KitEventsSequenced', class: Migration20261207045000KitEventsSequenced },
  { name: 'Migration20261207050000OpeningBalance', class: Migration20261207050000OpeningBalance },
  { name: 'Migration20261207051000PriceBreaks', class: Migration20261207051000PriceBreaks },
  { name: 'Migration20261207053321', class: Migration20261207053321 },
  { name: 'Migration20261207054000JournalCheckOnce', class: Migration20261207054000JournalCheckOnce },
  { name: 'Migration20261207055000PurchasingEvents', class: Migration20261207055000PurchasingEvents },
  { name: 'Migration20261207055100Currencies', class: Migration20261207055100Currencies },
  { name: 'Migration20261207060500ChannelBuffers', class: Migration20261207060500ChannelBuffers },
  { name: 'Migration20261207063000VendorPayments', class: Migration20261207063000VendorPayments },
  {
    name: 'Migration20261207064000SupplierReturnsCreditNotes',
    class: Migration20261207064000SupplierReturnsCreditNotes,
  },
  { name: 'Migration20261207070000KitPreviousComponents', class: Migration20261207070000KitPreviousComponents },
  { name: 'Migration20261207071000ChannelBuffersSetBased', class: Migration20261207071000ChannelBuffersSetBased },
  { name: 'Migration20261207080000ForeignCurrencyPayments', class: Migration20261207080000ForeignCurrencyPayments },
];
