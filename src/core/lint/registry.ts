import type { Rule } from './context';
import { argumentsMatchInputs } from './rules/argumentsMatchInputs';
import { deadlineOrTtl } from './rules/deadlineOrTtl';
import { expressionSyntax } from './rules/expressionSyntax';
import { fanOutParallelism } from './rules/fanOutParallelism';
import { generateName } from './rules/generateName';
import { imageTag } from './rules/imageTag';
import { deprecatedField } from './rules/deprecatedField';
import { manifestSize } from './rules/manifestSize';
import { missingResources } from './rules/missingResources';
import { podGCWithoutArchiveLogs } from './rules/podGCWithoutArchiveLogs';
import { retryWithoutLimit } from './rules/retryWithoutLimit';
import { rwoVolumeParallel } from './rules/rwoVolumeParallel';
import { argumentSources } from './rules/argumentSources';
import { artifactLocation } from './rules/artifactLocation';
import { artifactPath } from './rules/artifactPath';
import { containerSet } from './rules/containerSet';
import { continueOnWithDepends } from './rules/continueOnWithDepends';
import { cron } from './rules/cron';
import { dagCycle } from './rules/dagCycle';
import { dagDependencies } from './rules/dagDependencies';
import { dagTargets } from './rules/dagTargets';
import { dependsSyntax } from './rules/dependsSyntax';
import { entrypoint } from './rules/entrypoint';
import { executorPlugins } from './rules/executorPlugins';
import { hooks } from './rules/hooks';
import { hookTemplate } from './rules/hookTemplate';
import { inputsSupplied } from './rules/inputsSupplied';
import { loops } from './rules/loops';
import { metadataName } from './rules/metadataName';
import { metrics } from './rules/metrics';
import { missingImage } from './rules/missingImage';
import { names } from './rules/names';
import { outputsValueFrom } from './rules/outputsValueFrom';
import { parallelismOnLeaf } from './rules/parallelismOnLeaf';
import { parameterEnum } from './rules/parameterEnum';
import { podGC } from './rules/podGC';
import { podResources } from './rules/podResources';
import { reservedContainerName } from './rules/reservedContainerName';
import { resourceTemplate } from './rules/resourceTemplate';
import { retryStrategy } from './rules/retryStrategy';
import { unknownField } from './rules/schemaFields';
import { stepsShape } from './rules/stepsShape';
import { templateDeadline } from './rules/templateDeadline';
import { templateRef } from './rules/templateRef';
import { templateTimeout } from './rules/templateTimeout';
import { templateType } from './rules/templateType';
import { undefinedTemplate } from './rules/undefinedTemplate';
import { unresolvedVariable } from './rules/unresolvedVariable';
import { unclosedVariable } from './rules/unclosedVariable';
import { volumeMounts } from './rules/volumeMounts';
import { workflowArguments } from './rules/workflowArguments';
import { workflowTemplateRefWithTemplates } from './rules/workflowTemplateRefWithTemplates';

/** Every lint rule, in the order they run. */
export const rules: readonly Rule[] = [
  unknownField,
  metadataName,
  entrypoint,
  templateType,
  undefinedTemplate,
  hookTemplate,
  templateRef,
  workflowTemplateRefWithTemplates,
  missingImage,
  names,
  stepsShape,
  loops,
  parallelismOnLeaf,
  templateDeadline,
  workflowArguments,
  inputsSupplied,
  argumentSources,
  parameterEnum,
  dagDependencies,
  dependsSyntax,
  dagCycle,
  unresolvedVariable,
  unclosedVariable,
  dagTargets,
  continueOnWithDepends,
  resourceTemplate,
  outputsValueFrom,
  containerSet,
  reservedContainerName,
  volumeMounts,
  podGC,
  podResources,
  retryStrategy,
  metrics,
  hooks,
  executorPlugins,
  cron,
  templateTimeout,
  artifactPath,
  artifactLocation,
  // Warnings and notes: what Argo accepts but will hurt later.
  argumentsMatchInputs,
  deprecatedField,
  deadlineOrTtl,
  expressionSyntax,
  fanOutParallelism,
  generateName,
  imageTag,
  manifestSize,
  missingResources,
  podGCWithoutArchiveLogs,
  retryWithoutLimit,
  rwoVolumeParallel,
];
