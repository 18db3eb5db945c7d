-- Argo CD health of an aks.lifecycle.dev ManagedCluster, read from status.observedGeneration and the
-- Ready / Reconciling / Stalled conditions with the rules kstatus applies, so Argo CD and Flux agree.
-- Lua 5.1 (Argo CD runs gopher-lua): no goto, no integer division.
local hs = {}

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function describe(c)
  if c.message ~= nil and c.message ~= "" then
    return c.reason .. ": " .. c.message
  end
  return c.reason
end

local generation = obj.metadata.generation
if obj.status == nil or obj.status.observedGeneration == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe the cluster"
  return hs
end
if generation ~= nil and obj.status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local stalled = condition("Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled)
  return hs
end

local reconciling = condition("Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = describe(reconciling)
  return hs
end

local ready = condition("Ready")
if ready == nil or ready.status == "Unknown" then
  hs.status = "Progressing"
  hs.message = "Waiting for the Ready condition"
  return hs
end
-- Stopped as the spec or schedule asks is Ready True (reason ClusterStopped): Healthy, as kstatus reads it
-- Current; the message says it is stopped.
-- A new spec generation held until its UpgradePlan stage opens (ChangeHeld) is Ready True too: Healthy,
-- the message naming the plan and the stage, so a change that waits days for an approval fails no sync.
if ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready)
  return hs
end
-- Stopped as asked with a spec change that waits for the next start: nothing is wrong, the cluster waits
-- for an outside event (the start), which is what Argo CD's Suspended means.
if ready.reason == "ClusterStopped" then
  hs.status = "Suspended"
  hs.message = describe(ready)
  return hs
end
-- Ready False while nothing is in progress or stalled: kstatus reads it as InProgress, and so do we.
hs.status = "Progressing"
hs.message = describe(ready)
return hs
