import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  AvailableToPromiseDocument,
  PurchaseOrderApproveDocument,
  PurchaseOrderConfirmDocument,
  PurchaseOrderCreateDocument,
  type PurchaseOrderLineInput,
  SupplierCreateDocument,
  SupplierPriceSetDocument,
  type SupplierPriceSetInput,
} from '../generated/graphql';
import type { TestApp } from './test-app';

const DAY = 86_400_000;
export const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
export const at = (n: number) => new Date(Date.now() + n * DAY).toISOString();

/**
 * Purchasing fixtures through the API; `as(actor)` sends requests as someone else: each actor
 * name gets its own ADMIN key (created on first use), and `actorOf(name)` is what the server
 * records for it (`key:<prefix>`).
 */
export function purchasingHelpers(app: TestApp) {
  const keys = new Map<string, Promise<string>>();
  const keyOf = (actor: string) => {
    if (!keys.has(actor)) keys.set(actor, app.createKey(['ADMIN'], { name: actor }));
    return keys.get(actor)!;
  };
  const as = async <R, V>(actor: string, document: TypedDocumentNode<R, V>, variables: V): Promise<R> => {
    const body = await app.as(await keyOf(actor)).gql(document, variables);
    if (body.errors?.length) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  };
  return {
    as,
    /** The actor the server records for requests made `as(actor)`. */
    async actorOf(actor: string) {
      return `key:${(await keyOf(actor)).slice(0, 15)}`;
    },
    async supplier(code: string, currency = 'EUR') {
      const { supplierCreate } = await app.ok(SupplierCreateDocument, {
        input: { code, name: `${code} Ltd`, currency },
      });
      if (supplierCreate.userErrors.length) throw new Error(JSON.stringify(supplierCreate.userErrors));
      return supplierCreate.supplier!;
    },
    async price(input: SupplierPriceSetInput) {
      const { supplierPriceSet } = await app.ok(SupplierPriceSetDocument, { input });
      if (supplierPriceSet.userErrors.length) throw new Error(JSON.stringify(supplierPriceSet.userErrors));
      return supplierPriceSet.supplierPrice!;
    },
    async order(supplierId: string, warehouseCode: string, lines: PurchaseOrderLineInput[], actor = 'buyer') {
      const { purchaseOrderCreate } = await as(actor, PurchaseOrderCreateDocument, {
        input: { supplierId, warehouseCode, lines },
      });
      if (purchaseOrderCreate.userErrors.length) throw new Error(JSON.stringify(purchaseOrderCreate.userErrors));
      return purchaseOrderCreate.purchaseOrder!;
    },
    /** Creates, confirms and (when it needs it) approves an order: its lines are incoming. */
    async confirmedOrder(supplierId: string, warehouseCode: string, lines: PurchaseOrderLineInput[]) {
      const po = await this.order(supplierId, warehouseCode, lines);
      const { purchaseOrderConfirm } = await as('buyer', PurchaseOrderConfirmDocument, {
        input: { purchaseOrderId: po.id },
      });
      if (purchaseOrderConfirm.userErrors.length) throw new Error(JSON.stringify(purchaseOrderConfirm.userErrors));
      if (purchaseOrderConfirm.purchaseOrder!.state === 'CONFIRMED') return purchaseOrderConfirm.purchaseOrder!;
      const { purchaseOrderApprove } = await as('manager', PurchaseOrderApproveDocument, {
        input: { purchaseOrderId: po.id },
      });
      if (purchaseOrderApprove.userErrors.length) throw new Error(JSON.stringify(purchaseOrderApprove.userErrors));
      return purchaseOrderApprove.purchaseOrder!;
    },
    async atp(sku: string, warehouseCode: string, horizonDays = 10) {
      const { availableToPromise } = await app.ok(AvailableToPromiseDocument, { sku, warehouseCode, horizonDays });
      return Object.fromEntries(availableToPromise.map((b) => [b.date, b]));
    },
  };
}
