import { z } from 'zod';
import { maxNoteLength } from './limits';
import {
  roadmapGroupings,
  roadmapKinds,
  roadmapPriorities,
  roadmapStatuses,
  roadmapTargetPattern,
  roadmapYearRange,
} from './roadmap';
import { cleanTextSchema, ficheNumberSchema, kitSlugSchema, projectFields, projectStatusSchema, shortText, timestampSchema } from './schemas';

export const leverIdSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Identifiant de levier invalide.').max(140, 'Identifiant de levier invalide.');

export const leverSchema = z.object({
  id: z.string(),
  kit: z.string(),
  kitTitle: z.string(),
  number: z.number().int(),
  ficheTitle: z.string(),
  /** The official fiche on the RTES site. */
  sourceUrl: z.string(),
  competence: z.string().nullable(),
  title: z.string(),
  text: z.string(),
  position: z.number().int(),
  /** A new edition no longer has this lever: it stays for the roadmap items that chose it. */
  removed: z.boolean(),
});
export type Lever = z.infer<typeof leverSchema>;

export const roadmapKindSchema = z.enum(roadmapKinds, 'Feuille de route inconnue : « programme » ou « adoptee ».');
export const roadmapStatusSchema = z.enum(
  roadmapStatuses,
  'Statut inconnu : envisage, retenu, engage, realise ou abandonne (envisagé, retenu, engagé, réalisé, abandonné).',
);
export const roadmapPrioritySchema = z.enum(roadmapPriorities, 'Priorité inconnue : haute, normale ou basse.');
export const roadmapTargetSchema = z
  .string()
  .regex(roadmapTargetPattern, { message: 'Échéance invalide : une année (2027) ou un trimestre (2027-T3).', abort: true })
  .refine((target) => {
    const year = Number(target.slice(0, 4));
    return year >= roadmapYearRange.min && year <= roadmapYearRange.max;
  }, `Échéance à choisir entre ${roadmapYearRange.min} et ${roadmapYearRange.max}.`);

export const indicatorSchema = z
  .object({
    label: shortText('Indicateur', 300).min(1, 'Un indicateur a un intitulé.'),
    target: shortText('Valeur cible', 100).default(''),
  })
  .strict();
export type Indicator = z.infer<typeof indicatorSchema>;

/** The fields of a roadmap item as the API checks them; a colleague's export is checked with the same rules. */
export const roadmapItemFields = {
  status: roadmapStatusSchema,
  priority: roadmapPrioritySchema,
  target: roadmapTargetSchema.nullable(),
  official: shortText('Élu référent', 200),
  leadService: shortText('Service pilote', 200),
  budget: projectFields.budget,
  indicators: z.array(indicatorSchema).max(20, 'Au plus 20 indicateurs par levier.'),
  notes: cleanTextSchema().max(maxNoteLength, `Les notes font au plus ${maxNoteLength.toLocaleString('fr-FR')} caractères.`),
  projectIds: z.array(z.uuid('Identifiant de projet invalide.')).max(100, 'Au plus 100 projets par levier.'),
};

export const addRoadmapItemSchema = z
  .object({
    roadmap: roadmapKindSchema.default('programme'),
    leverId: leverIdSchema,
    status: roadmapItemFields.status.default('envisage'),
    priority: roadmapItemFields.priority.default('normale'),
    target: roadmapItemFields.target.default(null),
    official: roadmapItemFields.official.default(''),
    leadService: roadmapItemFields.leadService.default(''),
    budget: roadmapItemFields.budget.default(null),
    indicators: roadmapItemFields.indicators.default([]),
    notes: roadmapItemFields.notes.default(''),
    projectIds: roadmapItemFields.projectIds.default([]),
  })
  .strict();

export const updateRoadmapItemSchema = z
  .object(roadmapItemFields)
  .partial()
  .extend({ id: z.uuid('Identifiant d’élément de feuille de route invalide.') })
  .strict();

export const roadmapItemSchema = z.object({
  id: z.string(),
  roadmap: roadmapKindSchema,
  lever: leverSchema,
  status: roadmapStatusSchema,
  priority: roadmapPrioritySchema,
  target: z.string().nullable(),
  official: z.string(),
  leadService: z.string(),
  budget: z.number().nullable(),
  indicators: z.array(z.object({ label: z.string(), target: z.string() })),
  notes: z.string(),
  projects: z.array(z.object({ id: z.string(), title: z.string(), status: projectStatusSchema })),
  /** Its target's last day has passed and it is neither done nor given up. */
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RoadmapItem = z.infer<typeof roadmapItemSchema>;

export const leverFiltersSchema = z
  .object({
    kit: kitSlugSchema.optional(),
    number: ficheNumberSchema.optional(),
    /** Words of the title, text, competence or fiche title; accents and case do not matter. */
    query: z.string().max(200, 'La recherche fait au plus 200 caractères.').optional(),
    includeRemoved: z.boolean().default(false),
  })
  .strict();

/** A lever with the roadmap items that chose it (the reader shows them beside the lever). */
export const leverWithItemsSchema = leverSchema.extend({
  items: z.array(z.object({ id: z.string(), roadmap: roadmapKindSchema, status: roadmapStatusSchema })),
});

export const roadmapExportSchema = z
  .object({
    roadmap: roadmapKindSchema.default('programme'),
    groupBy: z.enum(roadmapGroupings, 'Regroupement inconnu : competence, target ou status.').default('competence'),
  })
  .strict();

export const roadmapSummarySchema = z.object({
  roadmap: roadmapKindSchema,
  /** Per competence of the territory's scale (or of every lever's competence when no territory is chosen). */
  byCompetence: z.array(z.object({ competence: z.string(), chosen: z.number().int(), engaged: z.number().int(), done: z.number().int() })),
  totals: z.object({ chosen: z.number().int(), engaged: z.number().int(), done: z.number().int() }),
  overdue: z.array(z.object({ id: z.string(), title: z.string(), target: z.string(), status: roadmapStatusSchema })),
});

export const roadmapItemTransferSchema = z
  .object({
    id: z.uuid('Identifiant d’élément de feuille de route invalide.'),
    roadmap: roadmapKindSchema,
    leverId: leverIdSchema,
    /**
     * The lever's title as the sender reads it: two computers may know the same lever under two
     * identifiers (one kept its id through an edition that reworded it), so it is found again by title.
     */
    leverTitle: z.string().max(300).optional(),
    ...roadmapItemFields,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .strict();
export type RoadmapItemTransfer = z.infer<typeof roadmapItemTransferSchema>;
