// Operation status endpoints the Azure-AsyncOperation and Location URLs point at.
import { aksErrors } from '../aks-errors.js';
import type { SimRequest, SimResponse } from '../http-types.js';
import { operationResultResponse, operationStatusResponse } from '../lro.js';
import type { Operation } from '../operation-engine.js';
import type { SimContext } from '../sim-context.js';

function requireOperation(ctx: SimContext, req: SimRequest): Operation {
  const id = req.params.operationId ?? '';
  const op = ctx.engine.get(id);
  if (!op || op.subscriptionId.toLowerCase() !== (req.params.subscriptionId ?? '').toLowerCase()) {
    throw aksErrors.operationNotFound(id);
  }
  return op;
}

export function getOperationStatus(ctx: SimContext, req: SimRequest): SimResponse {
  return operationStatusResponse(requireOperation(ctx, req), ctx.lro);
}

export function getOperationResult(ctx: SimContext, req: SimRequest): SimResponse {
  return operationResultResponse(requireOperation(ctx, req), req.baseUrl, ctx.lro);
}
